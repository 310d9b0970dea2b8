namespace Garnetics.Engine.Minimize;

/// <summary>
/// FIRE damped dynamics (Bitzek et al. 2006) in the FIRE 2.0 form of Guénolé et al. (2020) used by LAMMPS:
/// velocity mixing v = (1-a) v + a |v| f/|f| while P = v.f &gt; 0 (dt grows by dtgrow and a shrinks by alphashrink after
/// delaystep positive steps), and on P &lt;= 0 a half step back, v = 0, dt *= dtshrink and a = alpha0 (after the
/// initial delay). dt is capped at tmax*dt0 and not shrunk below tmin*dt0; no atom moves more than dmax per step.
/// </summary>
[MinStyle("fire", Syntax = "min_style fire",
    Help = """
        FIRE 2.0 damped-dynamics minimizer (LAMMPS min_style fire; Bitzek et al. 2006, Guénolé et al. 2020). min_modify
        keywords: integrator eulerimplicit (default) | verlet | leapfrog | eulerexplicit, tmax 10, tmin 0.02 (multiples
        of the timestep), delaystep 20, dtgrow 1.1, dtshrink 0.5, alpha0 0.25, alphashrink 0.99, vdfmax 2000 (stop after
        that many v.f < 0 events), halfstepback yes, initialdelay yes, dmax 0.1 (largest move per step). Velocities
        start at zero. The energy criterion is only checked delaystep steps after the last v.f < 0.
        """)]
public sealed class MinFire : Min
{
    private double _dt, _dtMax, _dtMin, _alpha;
    private long _lastNegative, _stepStart;
    private int _vdotfNegative;

    protected override void SetupStyle()
    {
        var s = Settings;
        if (s.Integrator is not ("eulerimplicit" or "verlet" or "leapfrog" or "eulerexplicit"))
            throw new GarneticsException($"min_modify integrator {s.Integrator} is not supported by fire");
        _dt = Sim.Dt;
        _dtMax = s.TMax * _dt;
        _dtMin = s.TMin * _dt;
        _alpha = s.Alpha0;
        _lastNegative = _stepStart = Sim.Step;
        _vdotfNegative = 0;
        Array.Clear(Sim.Atoms.V, 0, 3 * NLocal);
    }

    protected override MinStop Iterate(int maxiter)
    {
        var s = Settings;
        var a = Sim.Atoms;
        double ftm2v = Sim.Units.Ftm2v;
        double dtv = _dt;
        bool flagv0 = true;
        AlphaFinal = 0.0;

        if (s.Integrator == "leapfrog")
        {
            // start the leapfrog half a step back: v(-dt/2) = v(0) - dt/2 f/m
            EnergyForce();
            NEval++;
            double dtf = -0.5 * _dt * ftm2v;
            var v = a.V; var f = a.F;
            for (int i = 0; i < NLocal; i++)
            {
                double dtfm = dtf / a.Mass[a.Type[i]];
                v[3 * i] += dtfm * f[3 * i]; v[3 * i + 1] += dtfm * f[3 * i + 1]; v[3 * i + 2] += dtfm * f[3 * i + 2];
            }
        }

        for (int iter = 0; iter < maxiter; iter++)
        {
            long step = ++Sim.Step;
            NIter++;
            int n = NLocal;
            var v = a.V; var f = a.F; var x = a.X;

            double vdotf = 0;
            for (int k = 0; k < 3 * n; k++) vdotf += v[k] * f[k];
            double vdotfall = Sim.Comm.SumAll(vdotf);

            double scale1 = 1.0, scale2 = 0.0;
            if (vdotfall > 0.0)
            {
                double vdotv = 0, fdotf = 0;
                for (int k = 0; k < 3 * n; k++) { vdotv += v[k] * v[k]; fdotf += f[k] * f[k]; }
                Span<double> sums = [vdotv, fdotf];
                Sim.Comm.SumAll(sums);
                scale1 = 1.0 - _alpha;
                scale2 = sums[1] <= 1e-20 ? 0.0 : _alpha * Math.Sqrt(sums[0] / sums[1]);
                if (step - _lastNegative > s.DelayStep)
                {
                    _dt = Math.Min(_dt * s.DtGrow, _dtMax);
                    Sim.Dt = _dt;
                    _alpha *= s.AlphaShrink;
                }
            }
            else
            {
                _lastNegative = step;
                bool delay = !(step - _stepStart < s.DelayStep && s.InitialDelay);
                if (delay)
                {
                    _alpha = s.Alpha0;
                    if (_dt * s.DtShrink >= _dtMin)
                    {
                        _dt *= s.DtShrink;
                        Sim.Dt = _dt;
                    }
                }
                _vdotfNegative++;
                if (s.VdfMax > 0 && _vdotfNegative > s.VdfMax) return MinStop.MaxVdotf;
                // inertia correction with the (already reduced) timestep, as in Guénolé et al. (2020) Algorithm 2
                if (s.HalfStepBack)
                    for (int k = 0; k < 3 * n; k++) x[k] -= 0.5 * _dt * v[k];
                Array.Clear(v, 0, 3 * n);
                flagv0 = true;
            }

            // after a velocity reset, estimate the velocities one step would give to limit dtv
            if (flagv0)
            {
                double dtf0 = _dt * ftm2v;
                EnergyForce();
                NEval++;
                f = a.F; x = a.X; v = a.V; n = NLocal;
                for (int i = 0; i < n; i++)
                {
                    double dtfm = dtf0 / a.Mass[a.Type[i]];
                    v[3 * i] = dtfm * f[3 * i]; v[3 * i + 1] = dtfm * f[3 * i + 1]; v[3 * i + 2] = dtfm * f[3 * i + 2];
                }
            }

            double dtvone = _dt;
            for (int i = 0; i < n; i++)
            {
                double vmax = Math.Max(Math.Abs(v[3 * i]), Math.Max(Math.Abs(v[3 * i + 1]), Math.Abs(v[3 * i + 2])));
                if (dtvone * vmax > s.DMax) dtvone = s.DMax / vmax;
            }
            dtv = Sim.Comm.MinAll(dtvone);

            if (flagv0) Array.Clear(v, 0, 3 * n);

            switch (s.Integrator)
            {
                case "eulerimplicit":
                case "leapfrog":
                case "verlet":
                {
                    // kick (a full one, or the first half for verlet), mix, move; verlet kicks again with the new forces
                    bool verlet = s.Integrator == "verlet";
                    double dtf = (verlet ? 0.5 : 1.0) * dtv * ftm2v;
                    for (int i = 0; i < n; i++)
                    {
                        double dtfm = dtf / a.Mass[a.Type[i]];
                        for (int d = 0; d < 3; d++)
                        {
                            int k = 3 * i + d;
                            v[k] += dtfm * f[k];
                            if (vdotfall > 0.0) v[k] = scale1 * v[k] + scale2 * f[k];
                            x[k] += dtv * v[k];
                        }
                    }
                    EPrevious = ECurrent;
                    ECurrent = EnergyForce();
                    NEval++;
                    if (!verlet) break;
                    f = a.F; v = a.V; n = NLocal;
                    for (int i = 0; i < n; i++)
                    {
                        double dtfm = dtf / a.Mass[a.Type[i]];
                        v[3 * i] += dtfm * f[3 * i]; v[3 * i + 1] += dtfm * f[3 * i + 1]; v[3 * i + 2] += dtfm * f[3 * i + 2];
                    }
                    break;
                }
                default: // eulerexplicit: mix, move with the old velocity, then kick
                {
                    double dtf = dtv * ftm2v;
                    for (int i = 0; i < n; i++)
                    {
                        double dtfm = dtf / a.Mass[a.Type[i]];
                        for (int d = 0; d < 3; d++)
                        {
                            int k = 3 * i + d;
                            if (vdotfall > 0.0) v[k] = scale1 * v[k] + scale2 * f[k];
                            x[k] += dtv * v[k];
                            v[k] += dtfm * f[k];
                        }
                    }
                    EPrevious = ECurrent;
                    ECurrent = EnergyForce();
                    NEval++;
                    break;
                }
            }
            flagv0 = false;

            if (NEval >= MaxEval) return MinStop.MaxEval;
            if (ETol > 0.0 && step - _lastNegative > s.DelayStep && EnergyConverged()) return MinStop.EnergyTol;
            if (FTol > 0.0 && ForceNormForTolerance(FNormSqr()) < FTol * FTol) return MinStop.ForceTol;
            Output(step);
        }
        return MinStop.MaxIter;
    }
}
