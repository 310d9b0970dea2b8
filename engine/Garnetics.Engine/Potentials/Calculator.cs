using Garnetics.Engine.Input;

namespace Garnetics.Engine.Potentials;

/// <summary>
/// What a <see cref="Calculator"/> evaluates: energy, forces, virial and stress always, and the per-atom tallies of
/// the force evaluation (<see cref="PerAtomTally"/>, whose values these are) when asked for.
/// </summary>
[Flags]
public enum CalcProperties
{
    Basic = PerAtomTally.None,
    /// <summary>Per-atom energies (compute pe/atom's: pair and kspace).</summary>
    PerAtomEnergies = PerAtomTally.Energy,
    /// <summary>Per-atom virials (6 per atom, xx yy zz xy xz yz, energy units).</summary>
    PerAtomVirials = PerAtomTally.Virial,
    All = PerAtomEnergies | PerAtomVirials,
}

/// <summary>
/// Results of one evaluation, in the structure's own frame (a general cell rotated into LAMMPS's frame is rotated
/// back) and atom order (index i is the i-th atom of the <see cref="StructureData"/>). Energies in energy units,
/// forces in force units; the virial is W = Σ r ⊗ f of the interactions (LAMMPS's sign: pressure = W/V·nktv2p plus
/// the kinetic part), the stress the ASE convention σ = −W/V (energy/distance³; positive under tension).
/// </summary>
public sealed class CalculationResult
{
    public double Energy { get; init; }
    /// <summary>3 per atom: fx fy fz.</summary>
    public required double[] Forces { get; init; }
    /// <summary>xx yy zz xy xz yz.</summary>
    public required double[] Virial { get; init; }
    /// <summary>xx yy zz xy xz yz, −W/V.</summary>
    public required double[] Stress { get; init; }
    public double Volume { get; init; }
    /// <summary>Per atom, when asked for (<see cref="CalcProperties.PerAtomEnergies"/>); they sum to <see cref="Energy"/>.</summary>
    public double[]? Energies { get; init; }
    /// <summary>6 per atom (xx yy zz xy xz yz), when asked for; they sum to <see cref="Virial"/>.</summary>
    public double[]? Virials { get; init; }
}

/// <summary>
/// The calculator API (the shape of an ASE calculator): energy, forces, virial/stress and per-atom energies and
/// virials of a structure from any configured pair style (and kspace style), without writing a deck. Configure it
/// with the deck lines that choose the potential (pair_style, pair_coeff, pair_modify, kspace_style, plugin load,
/// ...); each <see cref="Calculate"/> replaces the atoms and box and evaluates. The commands run once, at the
/// first structure (pair_coeff needs the atom types); later structures must have the same number of atom types.
/// A result is cached until the structure changes (same positions, box, types and charges: the cached result).
/// </summary>
/// <example>
/// <code>
/// var calc = new Calculator("metal", ["pair_style nep", "pair_coeff * * nep.txt Li La Zr O"], elements: ["Li", "La", "Zr", "O"]);
/// foreach (var frame in ExtXyzReader.ReadAll("train.xyz", calc.ReadOptions))
///     Console.WriteLine(calc.Calculate(frame).Energy);
/// </code>
/// </example>
public sealed class Calculator
{
    private readonly string[] _commands;
    private readonly string? _atomStyle;
    private readonly IReadOnlyList<string>? _elements;
    private bool _configured;
    private int _ntypes;
    private (double[] Key, CalcProperties Props, CalculationResult Result)? _cache;

    /// <summary>The simulation behind the calculator (its pair style after the first structure, its settings).</summary>
    public Simulation Simulation { get; }

    /// <summary>
    /// A calculator in <paramref name="units"/> (metal, lj) running <paramref name="commands"/> (deck lines, one
    /// command each, LAMMPS syntax). <paramref name="elements"/>: element of atom type 1, 2, ... (masses from the
    /// periodic table; types of structures read by element); <paramref name="atomStyle"/>: atomic or charge (default:
    /// charge when the structure has charges). <paramref name="registry"/>: the styles (default: every loaded
    /// assembly's, and plugins loaded by the commands).
    /// </summary>
    public Calculator(string units, IEnumerable<string> commands, IReadOnlyList<string>? elements = null, string? atomStyle = null,
        int threads = 1, StyleRegistry? registry = null)
    {
        Simulation = new Simulation(registry: registry) { Screen = null, Threads = threads };
        var interp = new Interpreter(Simulation);
        Simulation.Variables = interp;
        _commands = commands.ToArray();
        _elements = elements;
        _atomStyle = atomStyle;
        Run($"units {units}", 0);
    }

    /// <summary>
    /// A calculator on an existing, configured simulation (its pair and kspace styles as set by a deck): each
    /// structure replaces that simulation's atoms and box. Used by potential_test.
    /// </summary>
    public Calculator(Simulation configured, IReadOnlyList<string>? elements = null)
    {
        Simulation = configured;
        _commands = [];
        _elements = elements;
        _atomStyle = configured.Atoms.Style;
        _configured = true;
        _ntypes = configured.Atoms.NTypes;
    }

    /// <summary>Options for the structure readers that number atom types by this calculator's elements.</summary>
    public StructureReadOptions ReadOptions => new() { Elements = _elements?.ToList(), AtomStyle = _atomStyle ?? "atomic" };

    /// <summary>Evaluate a structure (see the class summary); throws <see cref="GarneticsException"/> for bad input.</summary>
    public CalculationResult Calculate(StructureData data, CalcProperties properties = CalcProperties.Basic)
    {
        var key = Key(data);
        if (_cache is { } c && c.Key.AsSpan().SequenceEqual(key) && (c.Props & properties) == properties) return c.Result;
        var sim = Simulation;
        Load(data);
        var tally = (PerAtomTally)properties;
        if (tally != PerAtomTally.None && sim.Pair is { CanTallyPerAtom: false })
            throw new GarneticsException($"calculator: pair style {sim.Pair.StyleName} does not tally per-atom energies and virials");
        if (tally != PerAtomTally.None && sim.KSpace is { PerAtomUnsupported: { } why })
            throw new GarneticsException($"calculator: {why}");
        sim.Setup(extraPerAtom: tally);
        var result = Collect(data, tally);
        _cache = (key, properties, result);
        return result;
    }

    private void Load(StructureData data)
    {
        var sim = Simulation;
        if (_elements != null)
        {
            if (data.NTypes < _elements.Count) data.SetNTypes(_elements.Count);
            for (int t = 1; t <= _elements.Count; t++) data.TypeElements[t] ??= _elements[t - 1];
        }
        data.FillMassesFromElements();
        for (int t = 1; t <= data.NTypes; t++) data.Masses[t] ??= 1.0; // forces and energies do not depend on masses
        if (!_configured)
        {
            Run($"atom_style {_atomStyle ?? data.AtomStyle}", 0);
        }
        else if (data.NTypes != _ntypes)
            throw new GarneticsException($"calculator: the structure has {data.NTypes} atom types, the calculator was set up for {_ntypes}");
        if (sim.Atoms.HasCharge && data.Charges == null) data.Charges = Enumerable.Repeat(0.0, data.Count).ToList();
        data.ApplyTo(sim.Atoms, sim.Box);
        sim.Box.Defined = true;
        sim.RecountAtoms();
        if (!_configured)
        {
            for (int k = 0; k < _commands.Length; k++) Run(_commands[k], k + 1);
            _configured = true;
            _ntypes = data.NTypes;
        }
    }

    private void Run(string line, int index)
    {
        var interp = (Interpreter)Simulation.Variables!;
        interp.RunString(line, index == 0 ? "calculator" : $"calculator command {index}");
    }

    private CalculationResult Collect(StructureData data, PerAtomTally tally)
    {
        var sim = Simulation;
        var a = sim.Atoms;
        int n = data.Count;
        var rot = data.Rotation;
        var index = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) index[data.Tags[i]] = i;
        var f = new double[3 * n];
        double[]? e = (tally & PerAtomTally.Energy) != 0 ? new double[n] : null;
        double[]? v = (tally & PerAtomTally.Virial) != 0 ? new double[6 * n] : null;
        for (int i = 0; i < a.NLocal; i++)
        {
            int k = index[a.Tag[i]];
            var (fx, fy, fz) = RotateBack(rot, a.F[3 * i], a.F[3 * i + 1], a.F[3 * i + 2]);
            f[3 * k] = fx; f[3 * k + 1] = fy; f[3 * k + 2] = fz;
            if (e != null) e[k] = (sim.Pair?.EAtom[i] ?? 0) + (sim.KSpace?.EAtom[i] ?? 0);
            if (v != null)
            {
                var w = new double[6];
                for (int c = 0; c < 6; c++) w[c] = (sim.Pair?.VAtom[6 * i + c] ?? 0) + (sim.KSpace?.VAtom[6 * i + c] ?? 0);
                RotateTensorBack(rot, w).CopyTo(v, 6 * k);
            }
        }
        var vir = RotateTensorBack(rot, sim.TotalVirial());
        double vol = sim.Box.Volume;
        return new CalculationResult
        {
            Energy = sim.PotentialEnergy(),
            Forces = f,
            Virial = vir,
            Stress = vir.Select(x => -x / vol).ToArray(),
            Volume = vol,
            Energies = e,
            Virials = v,
        };
    }

    /// <summary>Everything a result depends on: box, rotation, positions, types, charges.</summary>
    private static double[] Key(StructureData d)
    {
        var b = d.Box;
        var k = new List<double>(5 * d.Count + 20) { b.XLo, b.XHi, b.YLo, b.YHi, b.ZLo, b.ZHi, b.XY, b.XZ, b.YZ, d.NTypes };
        if (d.Rotation is { } r) foreach (var x in r) k.Add(x);
        for (int i = 0; i < d.Count; i++)
        {
            var (x, y, z) = d.Positions[i];
            k.Add(x); k.Add(y); k.Add(z); k.Add(d.Types[i]); k.Add(d.Tags[i]);
            k.Add(d.Charges?[i] ?? 0);
        }
        return [.. k];
    }

    /// <summary>A vector from the LAMMPS frame back to the structure's (Rᵀ v).</summary>
    public static (double X, double Y, double Z) RotateBack(double[,]? r, double x, double y, double z) =>
        r == null ? (x, y, z) : (
            r[0, 0] * x + r[1, 0] * y + r[2, 0] * z,
            r[0, 1] * x + r[1, 1] * y + r[2, 1] * z,
            r[0, 2] * x + r[1, 2] * y + r[2, 2] * z);

    /// <summary>Rᵀ·W·R for a symmetric tensor given and returned as xx yy zz xy xz yz.</summary>
    public static double[] RotateTensorBack(double[,]? r, double[] w)
    {
        if (r == null) return [.. w];
        var t = new double[,] { { w[0], w[3], w[4] }, { w[3], w[1], w[5] }, { w[4], w[5], w[2] } };
        var o = CellMath.Sandwich(CellMath.Transpose(r), t);
        return [o[0, 0], o[1, 1], o[2, 2], o[0, 1], o[0, 2], o[1, 2]];
    }
}
