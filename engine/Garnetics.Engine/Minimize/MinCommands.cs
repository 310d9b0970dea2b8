namespace Garnetics.Engine.Minimize;

[Command("min_style", Syntax = "min_style cg|sd|fire",
    Help = """
        Choose the minimizer used by `minimize`: cg (Polak–Ribière conjugate gradient with a line search, default), sd
        (steepest descent) or fire (FIRE 2.0 damped dynamics). Settings made with min_modify are kept.
        """)]
public sealed class MinStyleCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 1);
        if (sim.Registry.Find(StyleKind.MinStyle, args[0]) == null)
            throw args.Error(0, $"unknown min style '{args[0]}' (known: {string.Join(" ", sim.Registry.Names(StyleKind.MinStyle))})");
        MinSettings.Of(sim).Style = args[0];
    }
}

[Command("min_modify", Syntax = "min_modify keyword value ...",
    Help = """
        Minimizer settings (LAMMPS keywords and defaults): dmax 0.1 (largest move per line-search step or FIRE step,
        distance units); line quadratic|backtrack (cg/sd line search); norm two|max|inf (force norm compared with ftol);
        FIRE: integrator eulerimplicit|verlet|leapfrog|eulerexplicit, tmax 10, tmin 0.02, delaystep 20, dtgrow 1.1,
        dtshrink 0.5, alpha0 0.25, alphashrink 0.99, vdfmax 2000, halfstepback yes, initialdelay yes.
        """)]
public sealed class MinModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        var s = MinSettings.Of(sim);
        for (int i = 0; i < args.Count;)
        {
            string k = args[i];
            switch (k)
            {
                case "dmax": s.DMax = Positive(args, i + 1, k); break;
                case "line": s.Line = args.Choice(i + 1, "quadratic", "backtrack"); break;
                case "norm": s.Norm = args.Choice(i + 1, "two", "max", "inf"); break;
                case "integrator": s.Integrator = args.Choice(i + 1, "eulerimplicit", "verlet", "leapfrog", "eulerexplicit"); break;
                case "tmax": s.TMax = Positive(args, i + 1, k); break;
                case "tmin": s.TMin = Positive(args, i + 1, k); break;
                case "delaystep": s.DelayStep = args.IntAtLeast(i + 1, 0, k); break;
                case "dtgrow":
                    s.DtGrow = args.Double(i + 1, k);
                    if (s.DtGrow < 1.0) throw args.Error(i + 1, "dtgrow must be >= 1");
                    break;
                case "dtshrink": s.DtShrink = ShrinkFactor(args, i + 1, k); break;
                case "alpha0":
                    s.Alpha0 = args.Double(i + 1, k);
                    if (s.Alpha0 < 0 || s.Alpha0 > 1) throw args.Error(i + 1, "alpha0 must be in [0, 1]");
                    break;
                case "alphashrink": s.AlphaShrink = ShrinkFactor(args, i + 1, k); break;
                case "vdfmax": s.VdfMax = args.IntAtLeast(i + 1, 0, k); break;
                case "halfstepback": s.HalfStepBack = args.YesNo(i + 1, k); break;
                case "initialdelay": s.InitialDelay = args.YesNo(i + 1, k); break;
                default:
                    throw args.Error(i, $"unknown min_modify keyword '{k}' (expected dmax, line, norm, integrator, tmax, tmin, delaystep, dtgrow, dtshrink, alpha0, alphashrink, vdfmax, halfstepback, initialdelay)");
            }
            i += 2;
        }
    }

    private static double Positive(CommandArgs args, int i, string what)
    {
        double v = args.Double(i, what);
        if (!(v > 0)) throw args.Error(i, $"{what} must be > 0");
        return v;
    }

    /// <summary>A FIRE factor that shrinks a quantity: in (0, 1].</summary>
    private static double ShrinkFactor(CommandArgs args, int i, string what)
    {
        double v = args.Double(i, what);
        if (v <= 0 || v > 1) throw args.Error(i, $"{what} must be in (0, 1]");
        return v;
    }
}

[Command("minimize", Syntax = "minimize etol ftol maxiter maxeval",
    Help = """
        Minimize the potential energy by moving atoms with the current min_style (default cg). Stops when the energy
        change between iterations is below etol relative to the energy magnitude (|dE| < etol (|E| + |Eprev| + 1e-8)/2;
        energies per atom when thermo normalises), when the force 2-norm of the whole system drops below ftol (force
        units; see min_modify norm), after maxiter iterations or maxeval force evaluations. Thermo is printed every
        `thermo` iterations and at the end, followed by LAMMPS's 'Minimization stats'. Neighbour lists are checked every
        iteration.
        """)]
public sealed class MinimizeCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(4, 4);
        sim.RequireBox(args);
        double etol = args.Double(0, "etol"), ftol = args.Double(1, "ftol");
        int maxiter = args.Int(2, "maxiter"), maxeval = args.Int(3, "maxeval");
        if (etol < 0) throw args.Error(0, "etol must be >= 0");
        if (ftol < 0) throw args.Error(1, "ftol must be >= 0");
        if (maxiter < 0) throw args.Error(2, "maxiter must be >= 0");
        if (maxeval < 0) throw args.Error(3, "maxeval must be >= 0");
        Run(sim, etol, ftol, maxiter, maxeval);
    }

    /// <summary>Run a minimization with the current min_style and min_modify settings; returns the minimizer (statistics).</summary>
    public static Min Run(Simulation sim, double etol, double ftol, int maxiter, int maxeval)
    {
        var s = MinSettings.Of(sim);
        var entry = sim.Registry.Find(StyleKind.MinStyle, s.Style)
            ?? throw new GarneticsException($"unknown min style '{s.Style}'");
        var min = (Min)entry.Create();
        min.Sim = sim;
        min.Settings = s;
        min.Minimize(etol, ftol, maxiter, maxeval);
        return min;
    }
}
