namespace Garnetics.Engine.Minimize;

/// <summary>
/// Minimizers that move along a search direction h with a line search (min_modify line quadratic|backtrack, as in
/// LAMMPS): the step is capped so that no coordinate moves more than dmax; backtracking halves alpha until the
/// Armijo condition dE &lt;= -0.4 alpha f.h holds; the quadratic variant also tries the secant (quadratic) estimate
/// of the minimum along h once consecutive points are consistent with a quadratic model.
/// </summary>
public abstract class MinLineSearch : Min
{
    private const double AlphaMax = 1.0, AlphaReduce = 0.5, BacktrackSlope = 0.4, QuadraticTol = 0.1, EMach = 1.0e-8, EpsQuad = 1.0e-28;

    // vector indices: 0 = x0 (start of line search), 1 = image flags at x0, 2 = g (previous gradient), 3 = h (direction)
    protected double[] X0 => Vector(0);
    protected double[] Img0 => Vector(1);
    protected double[] G => Vector(2);
    protected double[] H => Vector(3);

    protected override void SetupStyle()
    {
        NewVector(); NewVector(); NewVector(); NewVector();
        if (Settings.Line is not ("quadratic" or "backtrack"))
            throw new Core.GarneticsException($"min_modify line {Settings.Line} is not supported (use quadratic or backtrack)");
    }

    protected MinStop LineMin(out double alpha) =>
        Settings.Line == "backtrack" ? LineMinBacktrack(ECurrent, out alpha) : LineMinQuadratic(ECurrent, out alpha);

    /// <summary>
    /// The start of an iteration of cg and sd: the next step, a line search along h, then the stops that do not depend
    /// on the new direction (a failed line search, maxeval, etol); null to go on.
    /// </summary>
    protected MinStop? LineSearchIteration(out long step)
    {
        step = ++Sim.Step;
        NIter++;
        EPrevious = ECurrent;
        var fail = LineMin(out AlphaFinal);
        if (fail != MinStop.MaxIter) return fail;
        if (NEval >= MaxEval) return MinStop.MaxEval;
        if (EnergyConverged()) return MinStop.EnergyTol;
        return null;
    }

    private double FDotH()
    {
        var f = F; var h = H;
        double s = 0;
        for (int i = 0; i < 3 * NLocal; i++) s += f[i] * h[i];
        s = Sim.Comm.SumAll(s);
        if (Sim.Thermo.Normalize) s /= Sim.Atoms.NAtoms;
        return s;
    }

    private double HMax()
    {
        var h = H;
        double m = 0;
        for (int i = 0; i < 3 * NLocal; i++) m = Math.Max(m, Math.Abs(h[i]));
        return Sim.Comm.MaxAll(m);
    }

    private void StoreStart()
    {
        var x = X; var x0 = X0; var img0 = Img0; var img = Sim.Atoms.Image;
        Array.Copy(x, x0, 3 * NLocal);
        for (int i = 0; i < 3 * NLocal; i++) img0[i] = img[i];
    }

    /// <summary>Move to x0 + alpha h (x0 re-expressed in the current periodic image) and evaluate energy and forces.</summary>
    protected double AlphaStep(double alpha)
    {
        var a = Sim.Atoms;
        var x = a.X; var x0 = X0; var img0 = Img0; var h = H; var img = a.Image;
        var box = Sim.Box;
        for (int i = 0; i < NLocal; i++)
        {
            double x0x = x0[3 * i], x0y = x0[3 * i + 1], x0z = x0[3 * i + 2];
            int da = (int)img0[3 * i] - img[3 * i], db = (int)img0[3 * i + 1] - img[3 * i + 1], dc = (int)img0[3 * i + 2] - img[3 * i + 2];
            if (da != 0 || db != 0 || dc != 0)
            {
                box.ImageShift(da, db, dc, out var sx, out var sy, out var sz);
                x0x += sx; x0y += sy; x0z += sz;
            }
            x[3 * i] = x0x; x[3 * i + 1] = x0y; x[3 * i + 2] = x0z;
        }
        if (alpha > 0.0)
            for (int k = 0; k < 3 * NLocal; k++) x[k] += alpha * h[k];
        NEval++;
        return EnergyForce();
    }

    private MinStop LineMinBacktrack(double eoriginal, out double alpha)
    {
        alpha = 0;
        double fdothall = FDotH();
        if (fdothall <= 0.0) return MinStop.NotDownhill;
        double hmaxall = HMax();
        if (hmaxall == 0.0) return MinStop.ZeroForce;
        alpha = Math.Min(AlphaMax, Settings.DMax / hmaxall);
        StoreStart();
        while (true)
        {
            ECurrent = AlphaStep(alpha);
            double deIdeal = -BacktrackSlope * alpha * fdothall;
            double de = ECurrent - eoriginal;
            if (de <= deIdeal) return MinStop.MaxIter; // success
            alpha *= AlphaReduce;
            if (alpha <= 0.0 || deIdeal >= -EMach)
            {
                ECurrent = AlphaStep(0.0);
                return MinStop.ZeroAlpha;
            }
        }
    }

    private MinStop LineMinQuadratic(double eoriginal, out double alpha)
    {
        alpha = 0;
        double fdothall = FDotH();
        if (fdothall <= 0.0) return MinStop.NotDownhill;
        double hmaxall = HMax();
        double alphamax = Math.Min(AlphaMax, Settings.DMax / hmaxall);
        if (hmaxall == 0.0) return MinStop.ZeroForce;
        StoreStart();

        alpha = alphamax;
        double fhprev = fdothall, engprev = eoriginal, alphaprev = 0.0;
        while (true)
        {
            ECurrent = AlphaStep(alpha);
            var f = F; var h = H;
            double ff = 0, fh = 0;
            for (int i = 0; i < 3 * NLocal; i++) { ff += f[i] * f[i]; fh += f[i] * h[i]; }
            Span<double> dots = [ff, fh];
            Sim.Comm.SumAll(dots);
            ff = dots[0]; fh = dots[1];
            if (Sim.Thermo.Normalize) { ff /= Sim.Atoms.NAtoms; fh /= Sim.Atoms.NAtoms; }
            double delfh = fh - fhprev;

            if (Math.Abs(fh) < EpsQuad || Math.Abs(delfh) < EpsQuad)
            {
                ECurrent = AlphaStep(0.0);
                return MinStop.ZeroQuad;
            }

            double relerr = Math.Abs(1.0 - (0.5 * (alpha - alphaprev) * (fh + fhprev) + ECurrent) / engprev);
            double alpha0 = alpha - (alpha - alphaprev) * fh / delfh;
            if (relerr <= QuadraticTol && alpha0 > 0.0 && alpha0 < alphamax)
            {
                ECurrent = AlphaStep(alpha0);
                if (ECurrent - eoriginal < EMach)
                {
                    alpha = alpha0;
                    return MinStop.MaxIter; // success
                }
            }

            double deIdeal = -BacktrackSlope * alpha * fdothall;
            double de = ECurrent - eoriginal;
            if (de <= deIdeal) return MinStop.MaxIter; // success

            fhprev = fh;
            engprev = ECurrent;
            alphaprev = alpha;
            alpha *= AlphaReduce;
            if (alpha <= 0.0 || deIdeal >= -EMach)
            {
                ECurrent = AlphaStep(0.0);
                return MinStop.ZeroAlpha;
            }
        }
    }
}

[MinStyle("cg", Syntax = "min_style cg",
    Help = """
        Polak–Ribière conjugate gradient (LAMMPS default): each iteration does a line search (min_modify line quadratic
        (default) or backtrack, step capped by dmax) along h, then h = f + beta h with beta = max(0, (f.f - f.g)/(g.g));
        restarts with h = f every 3N iterations or when h is not downhill. Stops on the relative energy change (etol),
        the force 2-norm (ftol), maxiter or maxeval.
        """)]
public sealed class MinCg : MinLineSearch
{
    protected override MinStop Iterate(int maxiter)
    {
        int n3 = 3 * NLocal;
        long ndofTotal = 3 * Sim.Atoms.NAtoms;
        int nlimit = (int)Math.Min(int.MaxValue, ndofTotal);
        {
            var f = F; var g = G; var h = H;
            for (int i = 0; i < n3; i++) h[i] = g[i] = f[i];
        }
        double gg = FNormSqr();

        for (int iter = 0; iter < maxiter; iter++)
        {
            if (LineSearchIteration(out long step) is { } stop) return stop;

            n3 = 3 * NLocal;
            var f = F; var g = G; var h = H;
            double ff = 0, fg = 0;
            for (int i = 0; i < n3; i++) { ff += f[i] * f[i]; fg += f[i] * g[i]; }
            Span<double> dots = [ff, fg];
            Sim.Comm.SumAll(dots);
            ff = dots[0]; fg = dots[1];
            if (FTol > 0.0 && ForceNormForTolerance(ff) < FTol * FTol) return MinStop.ForceTol;

            double beta = Math.Max(0.0, (ff - fg) / gg);
            if ((NIter + 1) % nlimit == 0) beta = 0.0;
            gg = ff;
            for (int i = 0; i < n3; i++)
            {
                g[i] = f[i];
                h[i] = g[i] + beta * h[i];
            }
            double gh = 0;
            for (int i = 0; i < n3; i++) gh += g[i] * h[i];
            gh = Sim.Comm.SumAll(gh);
            if (gh <= 0.0) Array.Copy(g, h, n3);

            Output(step);
        }
        return MinStop.MaxIter;
    }
}

[MinStyle("sd", Syntax = "min_style sd",
    Help = "Steepest descent: a line search (min_modify line) along the force each iteration. Same stopping criteria as cg.")]
public sealed class MinSd : MinLineSearch
{
    protected override MinStop Iterate(int maxiter)
    {
        Array.Copy(F, H, 3 * NLocal);
        for (int iter = 0; iter < maxiter; iter++)
        {
            if (LineSearchIteration(out long step) is { } stop) return stop;
            if (FTol > 0.0 && ForceNormForTolerance(FNormSqr()) < FTol * FTol) return MinStop.ForceTol;
            Array.Copy(F, H, 3 * NLocal);
            Output(step);
        }
        return MinStop.MaxIter;
    }
}
