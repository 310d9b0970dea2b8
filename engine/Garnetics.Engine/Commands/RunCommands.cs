namespace Garnetics.Engine.Commands;

[Command("run", Syntax = "run N [upto] [start N1] [stop N2] [pre yes|no] [post yes|no] [every M command...]",
    Help = """
        Run N steps of velocity-Verlet dynamics with the defined fixes. upto: run until step N. start/stop: the step
        range used by time-ramped fixes (thermostat targets). Thermo output is printed at step 0 of the run, every
        `thermo` steps and at the last step.
        """)]
public sealed class RunCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        sim.RequireBox(args);
        long n = args.Long(0, "number of steps");
        bool upto = false;
        long? start = null, stop = null;
        bool pre = true;
        for (int i = 1; i < args.Count;)
        {
            switch (args[i])
            {
                case "upto": upto = true; i++; break;
                case "start": start = args.Long(i + 1, "start step"); i += 2; break;
                case "stop": stop = args.Long(i + 1, "stop step"); i += 2; break;
                case "pre": pre = args.YesNo(i + 1); i += 2; break;
                case "post": args.YesNo(i + 1); i += 2; break;
                case "every": throw args.Error(i, "run ... every is not supported; use a loop with label/jump instead");
                default: throw args.Error(i, $"unknown run keyword '{args[i]}' (expected upto, start, stop, pre, post)");
            }
        }
        if (upto)
        {
            if (n < sim.Step) throw args.Error(0, $"run upto {n}: the current step {sim.Step} is already past it");
            n -= sim.Step;
        }
        if (n < 0) throw args.Error(0, $"number of steps must be >= 0, got {n}");
        if (start.HasValue && start.Value > sim.Step) throw args.Error("run start value is after the start of this run");
        if (stop.HasValue && stop.Value < sim.Step + n) throw args.Error("run stop value is before the end of this run");
        sim.Run(n, doSetup: true, beginStep: start, endStep: stop, preRun: pre);
    }
}

[Command("thermo", Syntax = "thermo N | thermo v_name", Help = "Print thermodynamic output every N steps (0: only at the first and last step of each run).")]
public sealed class ThermoCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        if (args[0].StartsWith("v_", StringComparison.Ordinal))
        {
            sim.Thermo.EveryVariable = args[0][2..];
            return;
        }
        int n = args.Int(0, "thermo frequency");
        if (n < 0) throw args.Error(0, "thermo frequency must be >= 0");
        sim.Thermo.Every = n;
        sim.Thermo.EveryVariable = null;
    }
}

[Command("thermo_style", Syntax = "thermo_style one | multi | custom keyword ...",
    Help = """
        Choose thermo columns. Keywords: step elapsed elaplong dt time cpu tpcpu spcpu atoms temp press pe ke etotal
        enthalpy evdwl ecoul epair emol elong econserve ecouple vol density lx ly lz xlo xhi ylo yhi zlo zhi xy xz yz
        pxx pyy pzz pxy pxz pyz fmax fnorm nbuild cella cellb cellc cellalpha cellbeta cellgamma, and c_ID, c_ID[i],
        f_ID, f_ID[i], v_name. Extensive energies are divided by the atom count when thermo_modify norm yes (default for
        lj units).
        """)]
public sealed class ThermoStyleCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        var style = args.Choice(0, "one", "multi", "custom");
        if (style == "custom" && args.Count < 2) throw args.Error("thermo_style custom needs at least one keyword");
        if (style != "custom" && args.Count > 1) throw args.Error(1, $"thermo_style {style} takes no keywords");
        var words = Enumerable.Range(1, args.Count - 1).Select(i => args[i]).ToList();
        for (int i = 0; i < words.Count; i++)
        {
            var w = words[i];
            bool reference = w.StartsWith("c_") || w.StartsWith("f_") || w.StartsWith("v_");
            if (!reference && !sim.Thermo.TryEvaluate(w, args.LocationOf(i + 1), out _, dryRun: true))
                throw args.Error(i + 1, $"unknown thermo keyword '{w}'");
        }
        sim.Thermo.SetStyle(style, words);
    }
}

[Command("thermo_modify", Syntax = "thermo_modify norm yes|no flush yes|no format line|int|float|N fmt lost error|warn|ignore temp ID press ID",
    Help = """
        Modify thermo output: per-atom normalisation of extensive quantities, flushing, C-style formats for the whole
        line, all integers, all floats or column N, and the temperature/pressure computes used.
        """)]
public sealed class ThermoModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        var t = sim.Thermo;
        for (int i = 0; i < args.Count;)
        {
            switch (args[i])
            {
                case "norm": t.Normalize = args.YesNo(i + 1); t.NormalizeSet = true; i += 2; break;
                case "flush": t.Flush = args.YesNo(i + 1); i += 2; break;
                case "lost": args.Choice(i + 1, "error", "warn", "ignore"); i += 2; break;
                case "lost/bond": args.Str(i + 1); i += 2; break;
                case "line": args.Choice(i + 1, "one", "multi"); i += 2; break;
                case "temp":
                    if (sim.FindCompute(args.Str(i + 1)) == null) throw args.Error(i + 1, $"thermo_modify temp: compute '{args[i + 1]}' does not exist");
                    t.TempId = args[i + 1];
                    if (sim.FindCompute(t.PressId) is Computes.ComputePressure) { /* keeps its own temp */ }
                    i += 2; break;
                case "press":
                    if (sim.FindCompute(args.Str(i + 1)) == null) throw args.Error(i + 1, $"thermo_modify press: compute '{args[i + 1]}' does not exist");
                    t.PressId = args[i + 1];
                    i += 2; break;
                case "format":
                {
                    var what = args.Str(i + 1, "format target (line, int, float or N)");
                    var fmt = args.Str(i + 2, "format string");
                    if (what == "none") { t.LineFormat = null; t.ColumnFormats.Clear(); t.IntFormat = "%8d"; t.FloatFormat = "%12.8g"; i += 2; break; }
                    CheckFormat(args, i + 2);
                    if (what == "line") t.LineFormat = fmt;
                    else if (what == "int") t.IntFormat = fmt;
                    else if (what == "float") t.FloatFormat = fmt;
                    else if (int.TryParse(what, out var col) && col >= 1) t.ColumnFormats[col] = fmt;
                    else throw args.Error(i + 1, $"thermo_modify format expects line, int, float or a column number, got '{what}'");
                    i += 3;
                    break;
                }
                default: throw args.Error(i, $"unknown thermo_modify keyword '{args[i]}' (expected norm, flush, format, temp, press, lost)");
            }
        }
    }

    internal static void CheckFormat(CommandArgs args, int i)
    {
        try { CFormat.Format(args[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "%g", 1.0); }
        catch (GarneticsException e) { throw args.Error(i, e.Message); }
    }
}
