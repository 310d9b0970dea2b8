using System.Diagnostics;
using System.Text;
using Garnetics.Engine.Computes;

namespace Garnetics.Engine.Output;

/// <summary>
/// Thermodynamic output (`thermo`, `thermo_style`, `thermo_modify`) with LAMMPS's keywords, normalisation and
/// default formats ("%8d" for integers, "%12.8g" for floats, each field followed by a space, as LAMMPS 2021 prints).
/// </summary>
public sealed class Thermo
{
    private readonly Simulation _sim;
    public int Every { get; set; }
    /// <summary>Equal-style variable giving the next output step (thermo v_name), or null.</summary>
    public string? EveryVariable { get; set; }
    public string StyleName { get; private set; } = "one";
    public List<string> Keywords { get; } = [];
    public bool Normalize { get; set; }
    public bool NormalizeSet { get; set; }
    public bool Flush { get; set; }
    public string? LineFormat { get; set; }
    public string IntFormat { get; set; } = "%8d";
    public string FloatFormat { get; set; } = "%12.8g";
    public Dictionary<int, string> ColumnFormats { get; } = new();
    public string TempId { get; set; } = "thermo_temp";
    public string PressId { get; set; } = "thermo_press";
    public string PeId { get; set; } = "thermo_pe";
    /// <summary>Values of the last printed line (keyword, value), for tests and tools.</summary>
    public List<(string Keyword, double Value)> LastValues { get; } = [];
    /// <summary>All lines printed (step, values) during the current run, kept small.</summary>
    public event Action<long, IReadOnlyList<double>>? LinePrinted;

    private readonly Stopwatch _cpu = new();
    private double _lastCpu;
    private long _lastCpuStep;
    private long _nextVarStep = -1;

    public static readonly string[] OneKeywords = ["step", "temp", "epair", "emol", "etotal", "press"];
    public static readonly string[] MultiKeywords = ["etotal", "ke", "temp", "pe", "ebond", "eangle", "edihed", "eimp", "evdwl", "ecoul", "elong", "press"];

    public Thermo(Simulation sim)
    {
        _sim = sim;
        SetStyle("one", []);
    }

    /// <summary>Reset unit-dependent defaults (normalisation) after `units`.</summary>
    public void SetDefaults()
    {
        if (!NormalizeSet) Normalize = _sim.Units.DefaultNormalize;
    }

    public void SetStyle(string style, IReadOnlyList<string> keywords)
    {
        StyleName = style;
        Keywords.Clear();
        ColumnFormats.Clear();
        LineFormat = null;
        switch (style)
        {
            case "one": Keywords.AddRange(OneKeywords); break;
            case "multi": Keywords.Add("step"); Keywords.AddRange(MultiKeywords); break;
            case "custom": Keywords.AddRange(keywords); break;
            default: throw new GarneticsException($"unknown thermo_style '{style}' (expected one, multi, custom)");
        }
    }

    /// <summary>Create thermo_temp, thermo_press and thermo_pe if missing (LAMMPS defines them with the box; fixes may name them).</summary>
    public void EnsureComputes()
    {
        if (!_sim.Computes.ContainsKey("thermo_temp")) _sim.AddCompute<ComputeTemp>("thermo_temp", "all", "temp");
        if (!_sim.Computes.ContainsKey("thermo_press")) _sim.AddCompute<ComputePressure>("thermo_press", "all", "pressure", "thermo_temp");
        if (!_sim.Computes.ContainsKey("thermo_pe")) _sim.AddCompute<ComputePe>("thermo_pe", "all", "pe");
    }

    public void Init()
    {
        SetDefaults();
        EnsureComputes();
        foreach (var k in Keywords) Validate(k);
        _nextVarStep = -1;
    }

    private void Validate(string k)
    {
        if (!TryEvaluate(k, SourceLocation.None, out _, dryRun: true))
            throw new GarneticsException($"unknown thermo keyword '{k}'");
    }

    public bool IsOutputStep(long step)
    {
        if (EveryVariable != null)
        {
            if (_nextVarStep < 0 || step > _nextVarStep) _nextVarStep = NextVariableStep();
            return step == _nextVarStep;
        }
        return Every > 0 && step % Every == 0;
    }

    private long NextVariableStep()
    {
        if (_sim.Variables == null || !_sim.Variables.TryGetVariableValue(EveryVariable!, out var v))
            throw new GarneticsException($"thermo variable '{EveryVariable}' does not exist");
        return (long)v;
    }

    public void Header()
    {
        _cpu.Restart();
        _lastCpu = 0;
        _lastCpuStep = _sim.Step;
        var sb = new StringBuilder();
        if (StyleName == "multi") return;
        foreach (var k in Keywords) sb.Append(HeaderName(k)).Append(' ');
        _sim.Print(sb.ToString());
    }

    public void Footer(long nsteps, double seconds)
    {
        var t = _sim.Timers.Seconds;
        var sb = new StringBuilder();
        sb.Append(Inv($"Loop time of {seconds:G6} on {_sim.Comm.Size} procs ({_sim.Threads} threads) for {nsteps} steps with {_sim.Atoms.NAtoms} atoms\n"));
        if (seconds > 0 && nsteps > 0)
        {
            double atomSteps = nsteps * (double)_sim.Atoms.NAtoms / seconds;
            sb.Append(Inv($"Performance: {nsteps / seconds:G6} timesteps/s, {atomSteps:G6} atom-step/s\n"));
            sb.Append("Section |  time (s) | %total\n");
            var rows = new List<(string, TimerKind)> { ("Pair", TimerKind.Pair) };
            if (_sim.KSpace != null) rows.Add(("Kspace", TimerKind.KSpace));
            rows.AddRange([("Neigh", TimerKind.Neigh), ("Comm", TimerKind.Comm), ("Modify", TimerKind.Modify), ("Output", TimerKind.Output)]);
            double other = seconds;
            foreach (var (name, kind) in rows)
            {
                double tk = t[(int)kind];
                sb.Append(Inv($"{name,-7} | {tk,9:F4} | {100 * tk / seconds,6:F2}\n"));
                other -= tk;
            }
            sb.Append(Inv($"{"Other",-7} | {Math.Max(0, other),9:F4} | {100 * Math.Max(0, other) / seconds,6:F2}\n"));
            if (_sim.Pair?.TimingBreakdown(t[(int)TimerKind.Pair]) is { } breakdown) sb.Append(breakdown).Append('\n');
        }
        var n = _sim.Neighbor;
        long pairs = (_sim.Pair?.NeighborRequest ?? n.Requests.FirstOrDefault())?.List.TotalPairs ?? 0;
        sb.Append(Inv($"Nlocal: {_sim.Atoms.NLocal}  Nghost: {_sim.Atoms.NGhost}  Neighs: {pairs}\n"));
        // several lists (hybrid sub-styles with their own): one line each
        if (n.Requests.Count > 1) foreach (var line in n.Describe()) sb.Append(line).Append('\n');
        sb.Append(Inv($"Neighbor list builds = {n.NumBuilds}\n"));
        sb.Append(n.Check ? Inv($"Dangerous builds = {n.DangerousBuilds}") : "Dangerous builds not checked");
        _sim.Print(sb.ToString());
        n.NumBuilds = n.DangerousBuilds = 0;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Evaluate and print one thermo line.</summary>
    public void Compute()
    {
        var values = new double[Keywords.Count];
        LastValues.Clear();
        _sim.ClearStepComputes();
        for (int k = 0; k < Keywords.Count; k++)
        {
            if (!TryEvaluate(Keywords[k], SourceLocation.None, out values[k]))
                throw new GarneticsException($"unknown thermo keyword '{Keywords[k]}'");
            LastValues.Add((Keywords[k], values[k]));
        }
        // NaN energy check (LAMMPS errors out on non-finite thermo values only with thermo_modify lost error)
        for (int k = 0; k < Keywords.Count; k++)
        {
            if (double.IsNaN(values[k]) && IsEnergyLike(Keywords[k]))
                throw new GarneticsException($"thermo '{Keywords[k]}' is NaN at step {_sim.Step}: the forces or energies are not finite (check overlapping atoms, the timestep or the potential)");
        }
        string line = StyleName == "multi" ? FormatMulti(values) : FormatLine(values);
        _sim.Print(line);
        if (Flush) { _sim.Log?.Flush(); _sim.Screen?.Flush(); }
        LinePrinted?.Invoke(_sim.Step, values);
    }

    private static bool IsEnergyLike(string k) => k is "pe" or "ke" or "etotal" or "epair" or "evdwl" or "ecoul" or "temp" or "press";

    private string FormatLine(double[] values)
    {
        var sb = new StringBuilder();
        string[]? lineFormats = LineFormat?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int k = 0; k < Keywords.Count; k++)
        {
            string fmt;
            bool isInt = IsIntKeyword(Keywords[k]);
            if (ColumnFormats.TryGetValue(k + 1, out var cf)) fmt = cf;
            else if (lineFormats != null && k < lineFormats.Length) fmt = lineFormats[k];
            else fmt = isInt ? IntFormat : FloatFormat;
            sb.Append(CFormat.Format(fmt, values[k])).Append(' ');
        }
        return sb.ToString();
    }

    private string FormatMulti(double[] values)
    {
        var sb = new StringBuilder();
        sb.Append(Inv($"---------------- Step {(long)values[0],8} ----- CPU = {_cpu.Elapsed.TotalSeconds,12:F4} (sec) ----------------"));
        int col = 0;
        for (int k = 1; k < Keywords.Count; k++)
        {
            if (col % 3 == 0) sb.Append('\n');
            sb.Append(Inv($"{HeaderName(Keywords[k]),-8} = {CFormat.Format("%14.4f", values[k])} "));
            col++;
        }
        return sb.ToString();
    }

    public static bool IsIntKeyword(string k) => k is "step" or "elapsed" or "elaplong" or "atoms" or "nbuild" or "ndanger";

    public static string HeaderName(string k) => k switch
    {
        "step" => "Step", "elapsed" => "Elapsed", "elaplong" => "Elaplong", "dt" => "Dt", "time" => "Time",
        "cpu" => "CPU", "tpcpu" => "T/CPU", "spcpu" => "S/CPU", "cpuremain" => "CPULeft", "atoms" => "Atoms",
        "temp" => "Temp", "press" => "Press", "pe" => "PotEng", "ke" => "KinEng", "etotal" => "TotEng",
        "enthalpy" => "Enthalpy", "evdwl" => "E_vdwl", "ecoul" => "E_coul", "epair" => "E_pair", "emol" => "E_mol",
        "ebond" => "E_bond", "eangle" => "E_angle", "edihed" => "E_dihed", "eimp" => "E_impro", "elong" => "E_long",
        "etail" => "E_tail", "econserve" => "Econserve", "ecouple" => "Ecouple",
        "vol" => "Volume", "density" => "Density", "lx" => "Lx", "ly" => "Ly", "lz" => "Lz",
        "xlo" => "Xlo", "xhi" => "Xhi", "ylo" => "Ylo", "yhi" => "Yhi", "zlo" => "Zlo", "zhi" => "Zhi",
        "xy" => "Xy", "xz" => "Xz", "yz" => "Yz", "xlat" => "Xlat", "ylat" => "Ylat", "zlat" => "Zlat",
        "pxx" => "Pxx", "pyy" => "Pyy", "pzz" => "Pzz", "pxy" => "Pxy", "pxz" => "Pxz", "pyz" => "Pyz",
        "fmax" => "Fmax", "fnorm" => "Fnorm", "nbuild" => "Nbuild", "ndanger" => "Ndanger",
        "cella" => "Cella", "cellb" => "Cellb", "cellc" => "Cellc",
        "cellalpha" => "CellAlpha", "cellbeta" => "CellBeta", "cellgamma" => "CellGamma",
        _ => k,
    };

    private double Norm(double v, bool extensive)
    {
        if (extensive && Normalize && _sim.Atoms.NAtoms > 0) return v / _sim.Atoms.NAtoms;
        return v;
    }

    private Compute GetCompute(string id) =>
        _sim.FindCompute(id) ?? throw new GarneticsException($"thermo compute '{id}' does not exist");

    private double Temp() => GetCompute(TempId).ComputeScalar();
    private double Pe() => _sim.FindCompute(PeId)?.ComputeScalar() ?? _sim.PotentialEnergy();

    private double Ke()
    {
        // LAMMPS: ke = temperature * 0.5 * dof * kB (not the raw sum of 1/2 m v^2)
        var t = GetCompute(TempId);
        return t.ComputeScalar() * 0.5 * t.Dof * _sim.Units.Boltz;
    }

    private double Press() => GetCompute(PressId).ComputeScalar();
    private double PressComponent(int c) => GetCompute(PressId).ComputeVector()[c];
    private double EnergyCoupling() => _sim.Fixes.Sum(f => f.EnergyCoupling);

    /// <summary>Evaluate a thermo keyword or c_/f_/v_ reference. With dryRun only the name is validated.</summary>
    public bool TryEvaluate(string k, SourceLocation loc, out double value, bool dryRun = false)
    {
        value = 0;
        if (k.StartsWith("c_", StringComparison.Ordinal) || k.StartsWith("f_", StringComparison.Ordinal) || k.StartsWith("v_", StringComparison.Ordinal))
            return EvaluateReference(k, loc, out value, dryRun);
        var sim = _sim;
        var box = sim.Box;
        switch (k)
        {
            case "step": case "elapsed": case "elaplong": case "dt": case "time": case "cpu": case "tpcpu": case "spcpu":
            case "cpuremain": case "atoms": case "temp": case "press": case "pe": case "ke": case "etotal": case "enthalpy":
            case "evdwl": case "ecoul": case "epair": case "emol": case "ebond": case "eangle": case "edihed": case "eimp":
            case "elong": case "etail": case "econserve": case "ecouple": case "vol": case "density":
            case "lx": case "ly": case "lz": case "xlo": case "xhi": case "ylo": case "yhi": case "zlo": case "zhi":
            case "xy": case "xz": case "yz": case "pxx": case "pyy": case "pzz": case "pxy": case "pxz": case "pyz":
            case "fmax": case "fnorm": case "nbuild": case "ndanger":
            case "cella": case "cellb": case "cellc": case "cellalpha": case "cellbeta": case "cellgamma":
                break;
            default:
                return false;
        }
        if (dryRun) return true;
        bool needBox = k is not ("step" or "elapsed" or "elaplong" or "dt" or "time" or "cpu" or "tpcpu" or "spcpu" or "cpuremain");
        if (needBox && !box.Defined)
            throw new GarneticsException($"thermo keyword '{k}' needs a simulation box", loc, k);
        value = k switch
        {
            "step" => sim.Step,
            "elapsed" => sim.Step - sim.FirstStep,
            "elaplong" => sim.Step - sim.BeginStep,
            "dt" => sim.Dt,
            "time" => sim.Time,
            "cpu" => _cpu.Elapsed.TotalSeconds,
            "tpcpu" => TimePerCpu(false),
            "spcpu" => TimePerCpu(true),
            "cpuremain" => 0.0,
            "atoms" => sim.Atoms.NAtoms,
            "temp" => Temp(),
            "press" => Press(),
            "pe" => Norm(Pe(), true),
            "ke" => Norm(Ke(), true),
            "etotal" => Norm(Pe() + Ke(), true),
            "enthalpy" => Norm(Pe() + Ke() + Press() * box.Volume / sim.Units.Nktv2p, true),
            "evdwl" => Norm(sim.Comm.SumAll(sim.Pair?.EngVdwl ?? 0), true),
            "ecoul" => Norm(sim.Comm.SumAll(sim.Pair?.EngCoul ?? 0), true),
            "epair" => Norm(sim.PotentialEnergy(), true),
            "emol" or "ebond" or "eangle" or "edihed" or "eimp" or "etail" => 0.0,
            "elong" => Norm(sim.Comm.SumAll(sim.KSpace?.Energy ?? 0), true),
            "econserve" => Norm(Pe() + Ke() + EnergyCoupling(), true),
            "ecouple" => Norm(EnergyCoupling(), true),
            "vol" => box.Volume,
            "density" => sim.GroupMass(1) * sim.Units.Mv2d / box.Volume,
            "lx" => box.Lx, "ly" => box.Ly, "lz" => box.Lz,
            "xlo" => box.XLo, "xhi" => box.XHi, "ylo" => box.YLo, "yhi" => box.YHi, "zlo" => box.ZLo, "zhi" => box.ZHi,
            "xy" => box.XY, "xz" => box.XZ, "yz" => box.YZ,
            "pxx" => PressComponent(0), "pyy" => PressComponent(1), "pzz" => PressComponent(2),
            "pxy" => PressComponent(3), "pxz" => PressComponent(4), "pyz" => PressComponent(5),
            "fmax" => FMax(), "fnorm" => FNorm(),
            "nbuild" => sim.Neighbor.NumBuilds, "ndanger" => sim.Neighbor.DangerousBuilds,
            "cella" => box.Lx,
            "cellb" => Math.Sqrt(box.Ly * box.Ly + box.XY * box.XY),
            "cellc" => Math.Sqrt(box.Lz * box.Lz + box.XZ * box.XZ + box.YZ * box.YZ),
            "cellalpha" => Angle(box.XY, box.Ly, 0, box.XZ, box.YZ, box.Lz),
            "cellbeta" => Angle(box.Lx, 0, 0, box.XZ, box.YZ, box.Lz),
            "cellgamma" => Angle(box.Lx, 0, 0, box.XY, box.Ly, 0),
            _ => 0.0,
        };
        return true;
    }

    private static double Angle(double ax, double ay, double az, double bx, double by, double bz)
    {
        double c = (ax * bx + ay * by + az * bz) / Math.Sqrt((ax * ax + ay * ay + az * az) * (bx * bx + by * by + bz * bz));
        return Math.Acos(Math.Clamp(c, -1, 1)) * 180.0 / Math.PI;
    }

    private double TimePerCpu(bool steps)
    {
        double now = _cpu.Elapsed.TotalSeconds;
        long dstep = _sim.Step - _lastCpuStep;
        double dt = now - _lastCpu;
        _lastCpu = now;
        _lastCpuStep = _sim.Step;
        if (dt <= 0 || dstep == 0) return 0.0;
        return steps ? dstep / dt : dstep * _sim.Dt / dt;
    }

    private double FMax()
    {
        double m = 0;
        var f = _sim.Atoms.F;
        for (int i = 0; i < 3 * _sim.Atoms.NLocal; i++) m = Math.Max(m, Math.Abs(f[i]));
        return _sim.Comm.MaxAll(m);
    }

    private double FNorm()
    {
        double s = 0;
        var f = _sim.Atoms.F;
        for (int i = 0; i < 3 * _sim.Atoms.NLocal; i++) s += f[i] * f[i];
        return Math.Sqrt(_sim.Comm.SumAll(s));
    }

    private bool EvaluateReference(string k, SourceLocation loc, out double value, bool dryRun)
    {
        value = 0;
        string name = k[2..];
        int index = 0, index2 = 0;
        int lb = name.IndexOf('[');
        if (lb >= 0)
        {
            string rest = name[lb..];
            name = name[..lb];
            if (!TryParseIndex(ref rest, out index) || (rest.Length > 0 && (!TryParseIndex(ref rest, out index2) || rest.Length > 0)))
                throw new GarneticsException($"bad index in thermo reference '{k}' (expected NAME[i] or NAME[i][j] with i, j >= 1)", loc, k);
        }
        switch (k[0])
        {
            case 'c' or 'f':
            {
                var o = k[0] == 'c'
                    ? new GlobalOutputs(_sim.FindCompute(name) ?? throw new GarneticsException($"compute '{name}' referenced by '{k}' does not exist", loc, k), null)
                    : new GlobalOutputs(null, _sim.FindFix(name) ?? throw new GarneticsException($"fix '{name}' referenced by '{k}' does not exist", loc, k));
                if (dryRun) return true;
                if (index == 0)
                {
                    if (!o.HasScalar) throw new GarneticsException($"{o.Kind} {name} has no scalar output", loc, k);
                    value = Norm(o.Scalar());
                }
                else if (index2 == 0)
                {
                    if (!o.HasVectorElement(index)) throw new GarneticsException($"{o.Kind} {name} has no vector element {index}", loc, k);
                    value = Norm(o.Vector(index - 1));
                }
                else
                {
                    if (!o.HasArrayElement(index, index2))
                        throw new GarneticsException($"{o.Kind} {name} has no array element [{index}][{index2}]", loc, k);
                    value = Norm(o.Element(index - 1, index2 - 1));
                }
                return true;
            }
            default:
            {
                if (index != 0) throw new GarneticsException($"'{k}': vector-style variables are not supported", loc, k);
                if (_sim.Variables == null) return false;
                if (dryRun) return true;
                if (!_sim.Variables.TryGetVariableValue(name, out value))
                    throw new GarneticsException($"variable '{name}' referenced by '{k}' does not exist or is not numeric", loc, k);
                return true;
            }
        }
    }

    private double Norm((double Value, bool Extensive) v) => Norm(v.Value, v.Extensive);

    /// <summary>
    /// The global outputs of a compute (<paramref name="c"/>) or a fix (<paramref name="f"/>) as thermo reads them
    /// (c_ID / f_ID, [i], [i][j]; element checks 1-based, values 0-based): whether an output exists, and each value
    /// with whether it is extensive.
    /// </summary>
    private readonly struct GlobalOutputs(Compute? c, Fix? f)
    {
        public string Kind => c != null ? "compute" : "fix";
        public bool HasScalar => c?.HasScalar ?? f!.HasScalar;
        public bool HasVectorElement(int i) => c != null ? c.HasVector && i <= c.VectorLength : i <= f!.VectorLength;
        public bool HasArrayElement(int i, int j) =>
            c != null ? c.HasArray && i <= c.ArrayRows && j <= c.ArrayColumns : f!.HasArray && i <= f.ArrayRows && j <= f.ArrayColumns;
        public (double, bool) Scalar() => c != null ? (c.ComputeScalar(), c.Extensive) : (f!.ComputeScalar(), f.Extensive);
        public (double, bool) Vector(int i) => c != null ? (c.ComputeVector()[i], c.Extensive) : (f!.ComputeVector(i), f.VectorExtensive(i));
        public (double, bool) Element(int i, int j) =>
            c != null ? (c.ComputeArray()[i, j], c.Extensive) : (f!.ComputeArray(i, j), f.ArrayExtensive(j));
    }

    /// <summary>Parse a leading "[n]" (n >= 1) off text.</summary>
    private static bool TryParseIndex(ref string text, out int index)
    {
        index = 0;
        int rb = text.IndexOf(']');
        if (!text.StartsWith('[') || rb < 0) return false;
        if (!int.TryParse(text[1..rb], NumberStyles.Integer, CultureInfo.InvariantCulture, out index) || index < 1) return false;
        text = text[(rb + 1)..];
        return true;
    }
}
