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
/// Restart files carry the counters and each fix's accumulators (<see cref="SaveState"/>), with the settings that
/// must match for the same fix ID to continue them (<see cref="RestartSettings"/>).
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

    /// <summary>Every structural fix writes its results to the file of its 'file F' keyword.</summary>
    protected void RequireFile(CommandArgs args, string file)
    {
        if (file.Length == 0) throw args.Error($"fix {StyleName}: 'file F' is required");
    }

    /// <summary>The species given with 'KEY TYPES' (KEY the element in lower case), else the types whose element is <paramref name="element"/>.</summary>
    protected Species SpeciesOrElement(Species? given, CommandArgs args, string element) =>
        given ?? Species.OfElement(Sim, element)
        ?? throw args.Error($"fix {StyleName}: no atom type is {element}; name the species with '{element.ToLowerInvariant()} TYPES'");

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

    /// <summary>Step at which the current run or rerun set up (its first rerun frame is sampled at that step).</summary>
    long _setupStep = -1;

    public sealed override void Setup() => _setupStep = Sim.Step;

    public sealed override void EndOfStep()
    {
        if (Sim.Comm.Size > 1) throw new GarneticsException($"fix {Id} {StyleName}: structural analysis runs in serial only");
        // A run samples only after its first step, but a rerun samples its first frame: when that frame is the step
        // sampled last (consecutive dumps share their boundary frame; a continued run's dump starts at the restart
        // step), it is the same configuration and is not counted twice.
        if (Sim.Step == LastSample && Sim.Step == _setupStep) return;
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

    /// <summary>A line of a results table: <paramref name="first"/> (a row label or "# ..." header start), then the cells, space-separated.</summary>
    protected static string Line(string first, IEnumerable<string> cells) => string.Concat(cells.Select(c => " " + c).Prepend(first));

    protected string SampleLine() =>
        $"# {Samples} sample(s) at steps {FirstSample}..{LastSample} every {Every}";

    // ---------------------------------------------------------------- restart state

    const int RestartFormat = 1;

    /// <summary>
    /// A setting that must be the same to continue the averages from a restart file: <see cref="Text"/> as the user
    /// reads it (in messages), <see cref="Key"/> the canonical form compared (type numbers, round-trip reals).
    /// </summary>
    protected readonly record struct Setting(string Text, string Key)
    {
        public Setting(string text) : this(text, text) { }
    }

    /// <summary>The fix's own settings that must match to continue (the base adds the group and Nevery); a fixed sequence per style.</summary>
    protected abstract IEnumerable<Setting> RestartSettings();

    /// <summary>Write the accumulators (everything the results are computed from) after the base counters.</summary>
    protected abstract void SaveState(BinaryWriter w);

    /// <summary>Read what <see cref="SaveState"/> wrote; the settings were checked to match.</summary>
    protected abstract void LoadState(BinaryReader r);

    List<Setting> AllSettings() => [new($"group {GroupName}"), new($"samples every {Every} steps"), .. RestartSettings()];

    /// <summary>
    /// Restart state: format, style, the settings, Samples/FirstSample/LastSample and the fix's accumulators
    /// (nothing before the first sample).
    /// </summary>
    public sealed override byte[]? WriteRestart()
    {
        if (Samples == 0) return null;
        return RestartState.Write(RestartFormat, w =>
        {
            w.Write(StyleName);
            var settings = AllSettings();
            w.Write(settings.Count);
            foreach (var s in settings)
            {
                w.Write(s.Text);
                w.Write(s.Key);
            }
            w.Write(Samples);
            w.Write(FirstSample);
            w.Write(LastSample);
            SaveState(w);
        });
    }

    public sealed override void ReadRestart(byte[] state) => RestartState.Read(this, state, RestartFormat, r =>
    {
        string style = r.ReadString();
        if (style != StyleName)
            throw new GarneticsException($"fix {Id} {StyleName}: the restart state belongs to style {style}", Location);
        int n = r.ReadInt32();
        if (n < 0 || n > 1000) throw new EndOfStreamException();
        var saved = new List<Setting>();
        for (int k = 0; k < n; k++) saved.Add(new Setting(r.ReadString(), r.ReadString()));
        CheckSettings(saved);
        int samples = r.ReadInt32();
        long first = r.ReadInt64(), last = r.ReadInt64();
        LoadState(r);
        if (r.BaseStream.Position != r.BaseStream.Length)
            throw new GarneticsException($"fix {Id} {StyleName}: the restart state has {r.BaseStream.Length - r.BaseStream.Position} unread bytes (corrupt or written by another version)", Location);
        Samples = samples;
        FirstSample = first;
        LastSample = last;
    });

    /// <summary>One error naming every setting that differs between the restart file and this fix.</summary>
    void CheckSettings(List<Setting> saved)
    {
        var now = AllSettings();
        var diffs = new List<string>();
        if (saved.Count == now.Count)
        {
            for (int k = 0; k < now.Count; k++)
                if (saved[k].Key != now[k].Key) diffs.Add($"the restart file has {saved[k].Text}, this fix {now[k].Text}");
        }
        else if (!saved.Select(s => s.Key).SequenceEqual(now.Select(s => s.Key)))
            diffs.Add($"the restart file has {string.Join(", ", saved.Select(s => s.Text))}, this fix {string.Join(", ", now.Select(s => s.Text))}");
        if (diffs.Count == 0) return;
        throw new GarneticsException($"fix {Id} {StyleName}: {string.Join("; ", diffs)}; use the same settings to continue the averages, " +
                                     "or a new fix ID to start afresh", Location);
    }

    /// <summary>Canonical form of a species (its type numbers), for <see cref="Setting.Key"/>.</summary>
    protected static string TypeKey(Species s) =>
        string.Join(",", Enumerable.Range(0, s.Types.Length).Where(t => s.Types[t]));

    /// <summary>Round-trip form of a real, for <see cref="Setting.Key"/>.</summary>
    protected static string RealKey(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    protected static void Write(BinaryWriter w, IReadOnlyCollection<long> v)
    {
        w.Write(v.Count);
        foreach (var x in v) w.Write(x);
    }

    protected static void Write(BinaryWriter w, IReadOnlyCollection<double> v)
    {
        w.Write(v.Count);
        foreach (var x in v) w.Write(x);
    }

    protected static void Write(BinaryWriter w, IReadOnlyCollection<int> v)
    {
        w.Write(v.Count);
        foreach (var x in v) w.Write(x);
    }

    /// <summary>Length of an array that follows, checked against the bytes left (a corrupt length reads as truncated).</summary>
    static int Length(BinaryReader r, int bytesEach)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > (r.BaseStream.Length - r.BaseStream.Position) / bytesEach) throw new EndOfStreamException();
        return n;
    }

    protected static long[] ReadLongs(BinaryReader r)
    {
        var v = new long[Length(r, 8)];
        for (int k = 0; k < v.Length; k++) v[k] = r.ReadInt64();
        return v;
    }

    protected static double[] ReadDoubles(BinaryReader r)
    {
        var v = new double[Length(r, 8)];
        for (int k = 0; k < v.Length; k++) v[k] = r.ReadDouble();
        return v;
    }

    protected static int[] ReadInts(BinaryReader r)
    {
        var v = new int[Length(r, 4)];
        for (int k = 0; k < v.Length; k++) v[k] = r.ReadInt32();
        return v;
    }

    /// <summary>An array that must have <paramref name="n"/> elements (fixed by the settings, which matched).</summary>
    protected T[] Expect<T>(T[] v, int n, string what)
    {
        ExpectCount(v.Length, n, what);
        return v;
    }

    /// <summary>A count read from the restart state that must equal <paramref name="n"/>.</summary>
    protected void ExpectCount(int count, int n, string what)
    {
        if (count != n)
            throw new GarneticsException($"fix {Id} {StyleName}: the restart state has {count} {what}, this fix {n} (corrupt restart state)", Location);
    }
}
