namespace Garnetics.Engine.Computes;

/// <summary>Shared parts of the per-atom computes: the output array and the check that the tallies are current.</summary>
public abstract class PerAtomCompute : Compute
{
    protected double[] Values = [];

    public override bool HasPerAtom => true;

    /// <summary>The output array sized for the local atoms and cleared.</summary>
    protected double[] Output(int perAtom)
    {
        int n = Sim.Atoms.NLocal * perAtom;
        if (Values.Length != n) Values = new double[n];
        else Array.Clear(Values);
        return Values;
    }

    /// <summary>An error at the compute command's location.</summary>
    protected GarneticsException Error(string message) => new($"compute {Id} {StyleName}: {message}", Location);

    /// <summary>Parse the contribution keywords; bonded ones are accepted and contribute nothing (no molecular topology).</summary>
    protected static HashSet<string> Keywords(CommandArgs args, int first, string style, params string[] allowed)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = first; i < args.Count; i++)
        {
            string w = args[i];
            if (w is "bond" or "angle" or "dihedral" or "improper") continue;
            if (w == "fix")
                throw args.Error(i, $"compute {style}: keyword 'fix' is not supported (no fix tallies per-atom terms); expected {string.Join(", ", allowed)}");
            if (Array.IndexOf(allowed, w) < 0)
                throw args.Error(i, $"unknown compute {style} keyword '{w}' (expected {string.Join(", ", allowed)})");
            set.Add(w);
        }
        return set;
    }

    /// <summary>Check at Init that the pair and kspace styles can make the per-atom tallies this compute needs.</summary>
    protected void CheckTallies(bool pair, bool kspace, string what)
    {
        if (pair && Sim.Pair is { CanTallyPerAtom: false } p)
            throw Error($"pair style {p.StyleName} cannot tally per-atom {what}");
        if (kspace && Sim.KSpace is { } k && k.PerAtomUnsupported is { } why)
            throw Error($"{why}; use kspace_style ewald, or compute {Id} {GroupName} {StyleName} {(StyleName == "stress/atom" ? "NULL ke pair" : "pair")} without kspace");
    }

    /// <summary>
    /// The pair and kspace styles' per-atom tallies (energies: 1 value per atom; virials: 6), pair first, summed into
    /// <paramref name="o"/> for the group's atoms, after checking that they are current. Parts not selected
    /// (<paramref name="usePair"/>, <paramref name="useKspace"/>) or without a style contribute nothing.
    /// </summary>
    protected void SumTallies(double[] o, bool energy, bool usePair, bool useKspace)
    {
        bool pair = usePair && Sim.Pair != null, kspace = useKspace && Sim.KSpace != null;
        if (pair || kspace) CheckCurrent(energy);
        var p = pair ? (energy ? Sim.Pair!.EAtom : Sim.Pair!.VAtom) : null;
        var k = kspace ? (energy ? Sim.KSpace!.EAtom : Sim.KSpace!.VAtom) : null;
        int width = energy ? 1 : 6;
        for (int i = 0; i < Sim.Atoms.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            for (int c = width * i; c < width * (i + 1); c++)
            {
                double w = 0;
                if (p != null) w += p[c];
                if (k != null) w += k[c];
                o[c] = w;
            }
        }
    }

    /// <summary>Check that the last force evaluation was at this step and tallied what is needed.</summary>
    protected void CheckCurrent(bool energy)
    {
        long step = energy ? Sim.PerAtomEnergyStep : Sim.PerAtomVirialStep;
        if (step != Sim.Step)
            throw Error($"per-atom {(energy ? "energies were" : "virials were")} not tallied on step {Sim.Step}: the compute is only " +
                        "current on steps when a dump that uses it writes (during run or rerun)");
    }
}

[ComputeStyle("ke/atom", Syntax = "compute ID group ke/atom",
    Help = """
        Per-atom translational kinetic energy: ke_i = 1/2 m_i v_i^2 mvv2e (energy units: eV in metal), a vector per atom
        (dump custom c_ID); 0 for atoms outside the group. Its sum over the group is compute ke. Current at any time.
        """)]
public sealed class ComputeKeAtom : PerAtomCompute
{
    public override void Configure(CommandArgs args)
    {
        if (args.Count != 0) throw args.Error(0, "compute ke/atom takes no arguments");
    }

    public override double[] ComputePerAtom()
    {
        var a = Sim.Atoms;
        var o = Output(1);
        var v = a.V;
        double h = 0.5 * Sim.Units.Mvv2e;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            o[i] = h * a.Mass[a.Type[i]] * (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]);
        }
        return o;
    }
}

[ComputeStyle("pe/atom", Syntax = "compute ID group pe/atom [pair] [kspace]",
    Help = """
        Per-atom potential energy (energy units: eV in metal), a vector per atom (dump custom c_ID), as LAMMPS: the pair
        term of each pair split half to each atom (e_i = sum_j E_ij/2 for pairwise styles, plus self energies such as
        coul/dsf's and coul/wolf's; NEP gives its site energies E_i) and the kspace term (ewald: q_i qqr2e [sum_k (4
        pi/V) exp(-k^2/4g^2)/k^2 Re(exp(-i k.r_i) S(k)) - g q_i/sqrt(pi) - pi Q/(2 g^2 V)] over the half k space, so the
        sum over atoms is the k-space energy; pppm: q_i/2 times the potential interpolated from its grid, with the same
        self and background terms). Keywords pair and kspace select the parts (default both); bond angle dihedral
        improper are accepted and contribute 0. Atoms outside the group get 0; over all atoms the sum equals pe (pair +
        kspace; energies of fixes are not included). Current only on steps when a dump that uses it writes: the pair and
        kspace styles tally per-atom energies on those steps only.
        """)]
public sealed class ComputePeAtom : PerAtomCompute
{
    private bool _pair = true, _kspace = true;

    public override PerAtomTally PerAtomNeeds => PerAtomTally.Energy;

    public override void Configure(CommandArgs args)
    {
        var k = Keywords(args, 0, "pe/atom", "pair", "kspace");
        if (args.Count > 0)
        {
            _pair = k.Contains("pair");
            _kspace = k.Contains("kspace");
        }
    }

    public override void Init() => CheckTallies(_pair, _kspace, "energies");

    public override double[] ComputePerAtom()
    {
        var o = Output(1);
        SumTallies(o, energy: true, _pair, _kspace);
        return o;
    }
}

[ComputeStyle("stress/atom", Syntax = "compute ID group stress/atom NULL [ke] [pair] [kspace] [virial]",
    Help = """
        Per-atom stress times volume, as LAMMPS: 6 columns (c_ID[1] .. c_ID[6] = xx yy zz xy xz yz) of S_ab,i = -(m_i
        v_a v_b mvv2e + W_ab,i) nktv2p in pressure*volume units (bar*A^3 in metal), where W_i is atom i's share of the
        virial: half of r_ij,a F_ij,b of each of its pairs (pairwise styles), NEP's per-atom virial, and the ewald term
        q_i qqr2e sum_k (4 pi/V) exp(-k^2/4g^2)/k^2 [delta_ab - 2 (1/k^2 + 1/(4 g^2)) k_a k_b] Re(exp(-i k.r_i) S(k))
        (pppm: interpolated from its virial grids). The sum over all atoms is -(P_ab V) of the same parts; divide by a
        per-atom volume for a local stress. The first argument is the temperature compute of the kinetic term: only NULL
        (no bias removed) is supported. Keywords select the parts (default all): ke (kinetic), pair, kspace, virial
        (pair and kspace); bond angle dihedral improper are accepted and contribute 0. Atoms outside the group get 0.
        The virial parts are current only on steps when a dump that uses the compute writes.
        """)]
public sealed class ComputeStressAtom : PerAtomCompute
{
    private bool _ke = true, _pair = true, _kspace = true;

    public override int PerAtomColumns => 6;
    public override PerAtomTally PerAtomNeeds => _pair || _kspace ? PerAtomTally.Virial : PerAtomTally.None;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error("compute stress/atom needs a temperature compute ID (NULL) as its first argument");
        if (args[0] != "NULL")
            throw args.Error(0, $"compute stress/atom: temperature compute '{args[0]}' is not supported (only NULL: the kinetic term uses the full velocities)");
        var k = Keywords(args, 1, "stress/atom", "ke", "pair", "kspace", "virial");
        if (args.Count > 1)
        {
            bool virial = k.Contains("virial");
            _ke = k.Contains("ke");
            _pair = virial || k.Contains("pair");
            _kspace = virial || k.Contains("kspace");
        }
    }

    public override void Init() => CheckTallies(_pair, _kspace, "virials");

    public override double[] ComputePerAtom()
    {
        var a = Sim.Atoms;
        var o = Output(6);
        SumTallies(o, energy: false, _pair, _kspace);
        double mvv2e = Sim.Units.Mvv2e, nktv2p = Sim.Units.Nktv2p;
        var v = a.V;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            int b = 6 * i;
            if (_ke)
            {
                double m = a.Mass[a.Type[i]] * mvv2e, vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
                o[b] += m * vx * vx; o[b + 1] += m * vy * vy; o[b + 2] += m * vz * vz;
                o[b + 3] += m * vx * vy; o[b + 4] += m * vx * vz; o[b + 5] += m * vy * vz;
            }
            for (int c = 0; c < 6; c++) o[b + c] *= -nktv2p;
        }
        return o;
    }
}

[ComputeStyle("reduce", Syntax = "compute ID group reduce MODE input1 [input2 ...]",
    Help = """
        Reduces per-atom quantities of the atoms in the group to global values, one per input, as LAMMPS: MODE is sum
        (sum_i a_i), sumsq (sum_i a_i^2), sumabs (sum_i |a_i|), min, max, ave (sum_i a_i / N_group), avesq (sum_i a_i^2
        / N_group) or aveabs (sum_i |a_i| / N_group); inputs are atom attributes x y z vx vy vz fx fy fz, c_ID (a
        per-atom vector compute such as pe/atom) or c_ID[i] (column i of a per-atom array compute such as stress/atom).
        One input gives a scalar (c_ID in thermo), several a vector (c_ID[1] ...), in the inputs' units. sum, sumsq and
        sumabs are extensive (normalised by thermo_modify norm yes), the others intensive; min and max of an empty group
        are 0. Per-atom energies and virials are tallied on the thermo steps of a thermo_style that names this compute.
        f_ID, v_name and the replace keyword are not supported.
        """)]
public sealed class ComputeReduce : Compute
{
    private string _mode = "sum";
    private readonly List<(string Name, string? ComputeId, int Column, int Attribute)> _inputs = [];

    public override bool HasScalar => _inputs.Count == 1;
    public override bool HasVector => _inputs.Count > 1;
    public override int VectorLength => _inputs.Count;
    public override bool Extensive => _mode is "sum" or "sumsq" or "sumabs";

    private static readonly string[] Modes = ["sum", "sumsq", "sumabs", "min", "max", "ave", "avesq", "aveabs"];
    private static readonly string[] Attributes = ["x", "y", "z", "vx", "vy", "vz", "fx", "fy", "fz"];

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 2) throw args.Error("compute reduce needs a mode and at least one input (e.g. compute 1 all reduce sum c_pe)");
        if (Array.IndexOf(Modes, args[0]) < 0)
            throw args.Error(0, $"unknown compute reduce mode '{args[0]}' (expected {string.Join(", ", Modes)})");
        _mode = args[0];
        _inputs.Clear();
        for (int k = 1; k < args.Count; k++)
        {
            string w = args[k];
            int a = Array.IndexOf(Attributes, w);
            if (a >= 0) { _inputs.Add((w, null, 0, a)); continue; }
            if (w == "replace") throw args.Error(k, "compute reduce: the replace keyword is not supported");
            if (!w.StartsWith("c_", StringComparison.Ordinal))
                throw args.Error(k, $"compute reduce: unknown input '{w}' (expected x y z vx vy vz fx fy fz, c_ID or c_ID[i]; f_ID and v_name are not supported)");
            string id = w[2..];
            int col = 0, br = id.IndexOf('[');
            if (br >= 0)
            {
                if (!id.EndsWith(']') || !int.TryParse(id[(br + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out col) || col < 1)
                    throw args.Error(k, $"compute reduce: bad input '{w}' (expected c_ID or c_ID[i] with i >= 1)");
                id = id[..br];
            }
            var c = Sim.FindCompute(id) ?? throw args.Error(k, $"compute reduce: compute '{id}' of input '{w}' does not exist");
            if (!c.HasPerAtom) throw args.Error(k, $"compute reduce: compute {id} ({c.StyleName}) has no per-atom output");
            if (col == 0 && c.PerAtomColumns > 0)
                throw args.Error(k, $"compute reduce: compute {id} ({c.StyleName}) gives {c.PerAtomColumns} values per atom: use c_{id}[1] .. c_{id}[{c.PerAtomColumns}]");
            if (col > 0 && c.PerAtomColumns == 0)
                throw args.Error(k, $"compute reduce: compute {id} ({c.StyleName}) gives one value per atom: use c_{id} without an index");
            if (col > c.PerAtomColumns && c.PerAtomColumns > 0)
                throw args.Error(k, $"compute reduce: column {col} of '{w}' is out of range (compute {id} has {c.PerAtomColumns} columns)");
            _inputs.Add((w, id, col, -1));
        }
    }

    private Compute Input(string id) =>
        Sim.FindCompute(id) ?? throw new GarneticsException($"compute {Id} reduce: compute '{id}' no longer exists", Location);

    public override void Init()
    {
        foreach (var inp in _inputs) if (inp.ComputeId != null) Input(inp.ComputeId);
    }

    public override PerAtomTally PerAtomNeeds
    {
        get
        {
            var need = PerAtomTally.None;
            foreach (var inp in _inputs)
                if (inp.ComputeId != null && Sim.FindCompute(inp.ComputeId) is { } c) need |= c.PerAtomNeeds;
            return need;
        }
    }

    public override double ComputeScalar() => Reduce(0);

    public override double[] ComputeVector()
    {
        var r = new double[_inputs.Count];
        for (int k = 0; k < r.Length; k++) r[k] = Reduce(k);
        return r;
    }

    private double Reduce(int k)
    {
        var inp = _inputs[k];
        var a = Sim.Atoms;
        double[] data;
        int stride, offset;
        if (inp.ComputeId != null)
        {
            var c = Input(inp.ComputeId);
            data = c.ComputePerAtom();
            stride = Math.Max(1, c.PerAtomColumns);
            offset = Math.Max(0, inp.Column - 1);
        }
        else
        {
            data = inp.Attribute < 3 ? a.X : inp.Attribute < 6 ? a.V : a.F;
            stride = 3;
            offset = inp.Attribute % 3;
        }
        bool min = _mode == "min", max = _mode == "max";
        double acc = min ? double.PositiveInfinity : max ? double.NegativeInfinity : 0.0;
        long n = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            double v = data[stride * i + offset];
            n++;
            acc = _mode switch
            {
                "min" => Math.Min(acc, v),
                "max" => Math.Max(acc, v),
                "sumsq" or "avesq" => acc + v * v,
                "sumabs" or "aveabs" => acc + Math.Abs(v),
                _ => acc + v,
            };
        }
        if (min) { acc = Sim.Comm.MinAll(acc); return double.IsPositiveInfinity(acc) ? 0.0 : acc; }
        if (max) { acc = Sim.Comm.MaxAll(acc); return double.IsNegativeInfinity(acc) ? 0.0 : acc; }
        acc = Sim.Comm.SumAll(acc);
        if (_mode.StartsWith("ave", StringComparison.Ordinal))
        {
            double count = Sim.Comm.SumAll((double)n);
            return count > 0 ? acc / count : 0.0;
        }
        return acc;
    }
}
