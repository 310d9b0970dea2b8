using Garnetics.Engine.Core;
using Garnetics.Engine.Styles;

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
    Help = "Per-atom translational kinetic energy: ke_i = 1/2 m_i v_i^2 mvv2e (energy units: eV in metal), a vector per atom " +
           "(dump custom c_ID); 0 for atoms outside the group. Its sum over the group is compute ke. Current at any time.")]
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
    Help = "Per-atom potential energy (energy units: eV in metal), a vector per atom (dump custom c_ID), as LAMMPS: the pair term " +
           "of each pair split half to each atom (e_i = sum_j E_ij/2 for pairwise styles, plus self energies such as coul/dsf's " +
           "and coul/wolf's; NEP gives its site energies E_i) and the kspace term (ewald: q_i qqr2e [sum_k (4 pi/V) " +
           "exp(-k^2/4g^2)/k^2 Re(exp(-i k.r_i) S(k)) - g q_i/sqrt(pi) - pi Q/(2 g^2 V)] over the half k space, so the sum over " +
           "atoms is the k-space energy; pppm: q_i/2 times the potential interpolated from its grid, with the same self and " +
           "background terms). Keywords pair and kspace select the parts " +
           "(default both); bond angle dihedral improper are accepted and contribute 0. Atoms outside the group get 0; over all " +
           "atoms the sum equals pe (pair + kspace; energies of fixes are not included). Current only on steps when a dump that " +
           "uses it writes: the pair and kspace styles tally per-atom energies on those steps only.")]
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
        var a = Sim.Atoms;
        var o = Output(1);
        bool pair = _pair && Sim.Pair != null, kspace = _kspace && Sim.KSpace != null;
        if (pair || kspace) CheckCurrent(energy: true);
        var pe = pair ? Sim.Pair!.EAtom : null;
        var ke = kspace ? Sim.KSpace!.EAtom : null;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            double e = 0;
            if (pe != null) e += pe[i];
            if (ke != null) e += ke[i];
            o[i] = e;
        }
        return o;
    }
}

[ComputeStyle("stress/atom", Syntax = "compute ID group stress/atom NULL [ke] [pair] [kspace] [virial]",
    Help = "Per-atom stress times volume, as LAMMPS: 6 columns (c_ID[1] .. c_ID[6] = xx yy zz xy xz yz) of " +
           "S_ab,i = -(m_i v_a v_b mvv2e + W_ab,i) nktv2p in pressure*volume units (bar*A^3 in metal), where W_i is atom i's share " +
           "of the virial: half of r_ij,a F_ij,b of each of its pairs (pairwise styles), NEP's per-atom virial, and the ewald " +
           "term q_i qqr2e sum_k (4 pi/V) exp(-k^2/4g^2)/k^2 [delta_ab - 2 (1/k^2 + 1/(4 g^2)) k_a k_b] Re(exp(-i k.r_i) S(k)) " +
           "(pppm: interpolated from its virial grids). The sum over all atoms is -(P_ab V) of the same parts; divide by a per-atom volume for a local " +
           "stress. The first argument is the temperature compute of the kinetic term: only NULL (no bias removed) is " +
           "supported. Keywords select the parts (default all): ke (kinetic), pair, kspace, virial (pair and kspace); bond " +
           "angle dihedral improper are accepted and contribute 0. Atoms outside the group get 0. The virial parts are " +
           "current only on steps when a dump that uses the compute writes.")]
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
        bool pair = _pair && Sim.Pair != null, kspace = _kspace && Sim.KSpace != null;
        if (pair || kspace) CheckCurrent(energy: false);
        var pv = pair ? Sim.Pair!.VAtom : null;
        var kv = kspace ? Sim.KSpace!.VAtom : null;
        double mvv2e = Sim.Units.Mvv2e, nktv2p = Sim.Units.Nktv2p;
        var v = a.V;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            int b = 6 * i;
            for (int c = 0; c < 6; c++)
            {
                double w = 0;
                if (pv != null) w += pv[b + c];
                if (kv != null) w += kv[b + c];
                o[b + c] = w;
            }
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
