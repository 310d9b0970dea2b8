using System.Globalization;
using Garnetics.Engine.Core;
using Garnetics.Engine.Styles;

namespace Garnetics.Analysis.Structure;

/// <summary>A set of atom types chosen by element symbols or type numbers ("La", "2", "La,Zr", "*"), with its label.</summary>
public sealed record Species(string Label, bool[] Types)
{
    public bool Has(int type) => type >= 0 && type < Types.Length && Types[type];

    public bool Overlaps(Species o)
    {
        for (int t = 0; t < Math.Min(Types.Length, o.Types.Length); t++) if (Types[t] && o.Types[t]) return true;
        return false;
    }

    /// <summary>
    /// Parse word i: comma-separated element symbols (every type whose element is that symbol) or type numbers/ranges,
    /// or '*' (all types).
    /// </summary>
    public static Species Parse(Engine.Simulation sim, CommandArgs args, int i, string what = "species")
    {
        string w = args.Str(i, what);
        var a = sim.Atoms;
        int nt = a.NTypes;
        var mask = new bool[nt + 1];
        foreach (var part in w.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            bool found = false;
            for (int t = 1; t <= nt; t++)
                if (t < a.TypeElement.Length && a.TypeElement[t] == part) { mask[t] = true; found = true; }
            if (found) continue;
            if (part == "*") { for (int t = 1; t <= nt; t++) mask[t] = true; continue; }
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int ty))
            {
                if (ty < 1 || ty > nt) throw args.Error(i, $"atom type {ty} in '{w}' is out of range 1..{nt}");
                mask[ty] = true;
                continue;
            }
            var known = Enumerable.Range(1, nt).Select(t => t < a.TypeElement.Length ? a.TypeElement[t] : null).Where(e => e != null).Distinct();
            throw args.Error(i, $"{what} '{part}' is neither an element of the atom types ({string.Join(", ", known)}) nor a type number 1..{nt}");
        }
        if (!mask.Any(m => m)) throw args.Error(i, $"{what} '{w}' selects no atom type");
        return new Species(w, mask);
    }

    /// <summary>Species of all types whose element is <paramref name="element"/> (null when there is none).</summary>
    public static Species? OfElement(Engine.Simulation sim, string element)
    {
        var a = sim.Atoms;
        var mask = new bool[a.NTypes + 1];
        bool any = false;
        for (int t = 1; t <= a.NTypes; t++)
            if (t < a.TypeElement.Length && a.TypeElement[t] == element) { mask[t] = true; any = true; }
        return any ? new Species(element, mask) : null;
    }
}

/// <summary>
/// Base of the structural-analysis fixes: `fix ID group STYLE Nevery ...`, sampling on steps that are multiples of
/// Nevery (during run or rerun, in the end-of-step hook) and writing results atomically after each run. Neighbours
/// are found with <see cref="PeriodicCells"/> over the local atoms (all periodic images, any cut-off, triclinic).
/// </summary>
public abstract class StructureFix : Fix
{
    protected int Every = 1;
    public override int NEvery => Every;
    /// <summary>Samples taken so far, and the first and last sampled step.</summary>
    public int Samples { get; protected set; }
    protected long FirstSample = -1, LastSample = -1;

    protected int ParseEvery(CommandArgs args, int i)
    {
        int n = args.Int(i, "Nevery");
        if (n < 1) throw args.Error(i, $"fix {StyleName}: Nevery must be >= 1, got {n}");
        Every = n;
        return n;
    }

    protected static double Positive(CommandArgs args, int i, string what)
    {
        double v = args.Double(i, what);
        if (!(v > 0)) throw args.Error(i, $"{what} must be > 0, got {args[i]}");
        return v;
    }

    /// <summary>Output path argument: its folder must exist (checked now, so a long run does not fail at the end).</summary>
    protected static string OutputFile(CommandArgs args, int i)
    {
        string f = args.Str(i, "output file name");
        var dir = Path.GetDirectoryName(Path.GetFullPath(f));
        if (dir != null && !Directory.Exists(dir)) throw args.Error(i, $"cannot write '{f}': the folder '{dir}' does not exist");
        return f;
    }

    /// <summary>Local atoms in the fix group whose type is in <paramref name="s"/>.</summary>
    protected List<int> Select(Species s)
    {
        var a = Sim.Atoms;
        var list = new List<int>();
        for (int i = 0; i < a.NLocal; i++)
            if (InGroup(i) && s.Has(a.Type[i])) list.Add(i);
        return list;
    }

    public sealed override void EndOfStep()
    {
        if (Sim.Comm.Size > 1) throw new GarneticsException($"fix {Id} {StyleName}: structural analysis runs in serial only");
        Sample();
        if (FirstSample < 0) FirstSample = Sim.Step;
        LastSample = Sim.Step;
        Samples++;
    }

    /// <summary>Analyse the current configuration.</summary>
    protected abstract void Sample();

    public sealed override void PostRun()
    {
        if (Samples == 0)
        {
            Sim.Print($"WARNING: fix {Id} {StyleName}: no samples taken (no step was a multiple of Nevery = {Every}); nothing written");
            return;
        }
        WriteResults();
    }

    protected abstract void WriteResults();

    protected static string F(double v) => v.ToString("G12", CultureInfo.InvariantCulture);

    protected string SampleLine() =>
        $"# {Samples} sample(s) at steps {FirstSample}..{LastSample} every {Every}";
}
