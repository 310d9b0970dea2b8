using System.Text;

namespace Garnetics.Engine.Output;

/// <summary>Value type of a dump column: selects the default format (%d, %g, %s) and `dump_modify format int|float`.</summary>
public enum DumpColumnKind { Int, Float, Text }

/// <summary>One output column of a text dump: its header name, kind and per-atom value (local index in).</summary>
public sealed record DumpColumn(string Name, DumpColumnKind Kind, Func<int, double> Value, Func<int, string>? Text = null);

/// <summary>
/// Common machinery of the text dump styles (custom, atom, xyz, extxyz): lazy file opening (so that a deck that
/// fails before the first snapshot never truncates an existing file), `*` in the file name for one file per
/// snapshot, sorting, per-column formats and the dump_modify keywords shared by all styles.
/// </summary>
/// <param name="switches">
/// the style's column switches, dump_modify KEYWORD yes|no, with their defaults; the columns are rebuilt from
/// <see cref="SwitchedColumns"/> whenever one changes
/// </param>
public abstract class TextDump(params (string Keyword, bool Value)[] switches) : Dump
{
    private readonly Dictionary<string, bool> _switches = switches.ToDictionary(s => s.Keyword, s => s.Value, StringComparer.Ordinal);
    private OutputFile? _writer;
    private string? _openPath;
    private List<DumpColumn> _columns = [];

    /// <summary>dump_modify append yes: open the single output file for appending instead of truncating it.</summary>
    public bool Append { get; set; }
    /// <summary>dump_modify flush yes (default): flush the file after every snapshot.</summary>
    public bool FlushEach { get; set; } = true;
    /// <summary>Whether the file name contains '*' (one file per snapshot, '*' replaced by the step).</summary>
    public bool MultiFile { get; private set; }
    /// <summary>Sorting: 0 = off, int.MaxValue = by atom ID, +N / -N = by column N ascending / descending.</summary>
    public int Sort { get; set; }
    /// <summary>Element names per type from dump_modify element (1-based; null: not set).</summary>
    public string[]? Elements { get; protected set; }

    private string? _formatLine, _formatInt, _formatFloat;
    private readonly Dictionary<int, string> _formatColumn = [];

    protected IReadOnlyList<DumpColumn> Columns => _columns;

    /// <summary>Default value of `sort` for the style (xyz dumps sort by ID like LAMMPS).</summary>
    protected virtual int DefaultSort => 0;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error($"dump {Id}: missing the file name");
        var file = args[0];
        foreach (var ext in new[] { ".gz", ".bz2", ".zst", ".xz" })
            if (file.EndsWith(ext, StringComparison.OrdinalIgnoreCase))
                throw args.Error(0, $"dump {Id}: compressed dump files ('{ext}') are not supported; use an uncompressed file name");
        if (file.Contains('%')) throw args.Error(0, $"dump {Id}: '%' (one file per processor) in dump file names is not supported");
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (dir != null && !Directory.Exists(dir))
            throw args.Error(0, $"dump {Id}: cannot write '{file}': the directory '{dir}' does not exist");
        FileName = file;
        MultiFile = file.Contains('*');
        Sort = DefaultSort;
        ConfigureStyle(args.Skip(1));
    }

    /// <summary>Style arguments after the file name; set the columns with <see cref="SetColumns"/>.</summary>
    protected abstract void ConfigureStyle(CommandArgs args);

    protected void SetColumns(List<DumpColumn> cols) => _columns = cols;

    /// <summary>Set the columns to the standard columns <paramref name="names"/> (see <see cref="StandardColumn"/>).</summary>
    protected void SetColumns(IEnumerable<string> names) => SetColumns(names.Select(n => StandardColumn(n, null)!).ToList());

    /// <summary>A style that takes nothing after the file name (atom, xyz, extxyz).</summary>
    protected void NoStyleArguments(CommandArgs args, string style)
    {
        if (args.Count != 0) throw args.Error(0, $"dump {Id} {style} takes no arguments after the file name");
    }

    /// <summary>The current value of the column switch <paramref name="keyword"/>.</summary>
    protected bool Switch(string keyword) => _switches[keyword];

    /// <summary>The column names <paramref name="on"/> while the switch <paramref name="keyword"/> is on, else <paramref name="off"/> (none).</summary>
    protected string[] When(string keyword, string[] on, string[]? off = null) => Switch(keyword) ? on : off ?? [];

    /// <summary>The standard column names of a style with column switches, for their current values.</summary>
    protected virtual IEnumerable<string> SwitchedColumns() => [];

    public override int Modify(CommandArgs args, int i)
    {
        switch (args[i])
        {
            case "append": Append = args.YesNo(i + 1, "dump_modify append"); return i + 2;
            case "flush": FlushEach = args.YesNo(i + 1, "dump_modify flush"); return i + 2;
            case "first": First = args.YesNo(i + 1, "dump_modify first"); return i + 2;
            case "every":
            {
                int n = args.Int(i + 1, "dump_modify every N");
                if (n <= 0) throw args.Error(i + 1, $"dump_modify every must be > 0, got {n}");
                Every = n;
                return i + 2;
            }
            case "sort":
            {
                var s = args.Str(i + 1, "off|id|N|-N");
                if (s == "off") Sort = 0;
                else if (s == "id") Sort = int.MaxValue;
                else if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c) && c != 0)
                {
                    if (Math.Abs(c) > _columns.Count)
                        throw args.Error(i + 1, $"dump_modify sort column {s} is out of range (the dump has {_columns.Count} columns)");
                    Sort = c;
                }
                else throw args.Error(i + 1, $"dump_modify sort expects off, id, N or -N, got '{s}'");
                return i + 2;
            }
            case "element":
            {
                int n = Sim.Atoms.NTypes;
                if (args.Count - (i + 1) < n)
                    throw args.Error(i, $"dump_modify element needs one name per atom type ({n} types), got {args.Count - i - 1}");
                var el = new string[n + 1];
                el[0] = "";
                for (int t = 1; t <= n; t++) el[t] = args[i + t];
                Elements = el;
                return i + 1 + n;
            }
            case "format":
            {
                var what = args.Str(i + 1, "line|int|float|N|none");
                if (what == "none")
                {
                    _formatLine = _formatInt = _formatFloat = null;
                    _formatColumn.Clear();
                    return i + 2;
                }
                var fmt = args.Str(i + 2, "format string");
                if (what == "line")
                {
                    int words = fmt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                    if (words < _columns.Count)
                        throw args.Error(i + 2, $"dump_modify format line has {words} formats for {_columns.Count} columns");
                    _formatLine = fmt;
                }
                else if (what == "int") _formatInt = fmt;
                else if (what == "float") _formatFloat = fmt;
                else if (int.TryParse(what, NumberStyles.Integer, CultureInfo.InvariantCulture, out int c))
                {
                    if (c < 1 || c > _columns.Count)
                        throw args.Error(i + 1, $"dump_modify format column {c} is out of range 1..{_columns.Count}");
                    _formatColumn[c] = fmt;
                }
                else throw args.Error(i + 1, $"dump_modify format expects line, int, float, N or none, got '{what}'");
                return i + 3;
            }
            default:
                if (!_switches.ContainsKey(args[i])) return -1;
                _switches[args[i]] = args.YesNo(i + 1, $"dump_modify {args[i]}");
                SetColumns(SwitchedColumns());
                return i + 2;
        }
    }

    /// <summary>Element (or type) label of type t: dump_modify element, else the type's known element, else the fallback.</summary>
    protected string TypeLabel(int t, string? fallback)
    {
        if (Elements != null && t < Elements.Length) return Elements[t];
        var te = Sim.Atoms.TypeElement;
        if (t < te.Length && te[t] is { } e) return e;
        return fallback ?? t.ToString(CultureInfo.InvariantCulture);
    }

    private string[] ColumnFormats()
    {
        var f = new string[_columns.Count];
        string[]? line = _formatLine?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int c = 0; c < f.Length; c++)
        {
            var kind = _columns[c].Kind;
            string fmt = kind switch { DumpColumnKind.Int => "%d", DumpColumnKind.Float => "%g", _ => "%s" };
            if (line != null) fmt = line[c];
            if (kind == DumpColumnKind.Int && _formatInt != null) fmt = _formatInt;
            if (kind == DumpColumnKind.Float && _formatFloat != null) fmt = _formatFloat;
            if (_formatColumn.TryGetValue(c + 1, out var cf)) fmt = cf;
            f[c] = fmt;
        }
        return f;
    }

    /// <summary>Local indices of the atoms to write, in output order.</summary>
    protected int[] SelectedAtoms()
    {
        var a = Sim.Atoms;
        var list = new List<int>(a.NLocal);
        for (int i = 0; i < a.NLocal; i++) if ((a.Mask[i] & GroupBit) != 0) list.Add(i);
        var idx = list.ToArray();
        if (Sort == int.MaxValue)
        {
            var keys = idx.Select(i => a.Tag[i]).ToArray();
            Array.Sort(keys, idx);
        }
        else if (Sort != 0)
        {
            var col = _columns[Math.Abs(Sort) - 1];
            var keys = idx.Select(i => col.Value(i)).ToArray();
            // stable: ties keep local order
            var order = Enumerable.Range(0, idx.Length).ToArray();
            var cmp = Comparer<int>.Create((p, q) =>
            {
                int r = keys[p].CompareTo(keys[q]);
                if (Sort < 0) r = -r;
                return r != 0 ? r : p.CompareTo(q);
            });
            Array.Sort(order, cmp);
            idx = order.Select(p => idx[p]).ToArray();
        }
        return idx;
    }

    public override void Write(long step)
    {
        if (Sim.Comm.Size > 1) throw new GarneticsException($"dump {Id}: dumps are only supported in serial runs");
        BeforeWrite();
        var atoms = SelectedAtoms();
        var formats = ColumnFormats();
        var sb = new StringBuilder(64 + atoms.Length * 16 * Math.Max(1, _columns.Count));
        WriteHeader(sb, step, atoms.Length);
        foreach (int i in atoms)
        {
            for (int c = 0; c < _columns.Count; c++)
            {
                if (c > 0) sb.Append(' ');
                var col = _columns[c];
                if (col.Kind == DumpColumnKind.Text) sb.Append(CFormat.FormatText(formats[c], col.Text!(i)));
                else sb.Append(CFormat.Format(formats[c], col.Value(i)));
            }
            sb.Append('\n');
        }
        WriteText(step, sb.ToString());
    }

    /// <summary>Called at the start of every snapshot, before atoms are selected and columns read (invoke computes here).</summary>
    protected virtual void BeforeWrite() { }

    /// <summary>The lines before the atoms of one snapshot; by default LAMMPS's ITEM lines (timestep, atom count, box bounds, column names).</summary>
    protected virtual void WriteHeader(StringBuilder sb, long step, int natoms)
    {
        sb.Append("ITEM: TIMESTEP\n").Append(step.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("ITEM: NUMBER OF ATOMS\n").Append(natoms.ToString(CultureInfo.InvariantCulture)).Append('\n');
        AppendBoxBounds(sb);
        sb.Append("ITEM: ATOMS ").AppendJoin(' ', Columns.Select(c => c.Name)).Append('\n');
    }

    /// <summary>Path of the file for a snapshot at this step ('*' replaced by the step).</summary>
    public string PathFor(long step) => MultiFile ? FileName.Replace("*", step.ToString(CultureInfo.InvariantCulture)) : FileName;

    private void WriteText(long step, string text)
    {
        if (MultiFile)
        {
            var path = PathFor(step);
            var w = Open(path, Append);
            try
            {
                w.Write(text);
                w.Close(throwOnError: true);
            }
            finally { w.Dispose(); }
            return;
        }
        if (_writer == null)
        {
            _writer = Open(FileName, Append);
            _openPath = FileName;
        }
        // a failing write is one error naming the file; the file keeps the snapshots written before it
        _writer.Write(text);
        if (FlushEach) _writer.Flush();
    }

    private OutputFile Open(string path, bool append) => OutputFile.Open(path, append, $"dump {Id} file");

    /// <summary>Flush and close; a failing last flush is one error (and nothing when a write already failed).</summary>
    public override void Close()
    {
        var w = _writer;
        _writer = null;
        _openPath = null;
        w?.Close(throwOnError: true);
    }

    /// <summary>"%-1.16e" as LAMMPS prints box bounds.</summary>
    protected static string Bound(double v) => CFormat.Format("%-1.16e", v);

    /// <summary>LAMMPS "ITEM: BOX BOUNDS" lines (bounding box of a triclinic cell plus its tilts).</summary>
    protected void AppendBoxBounds(StringBuilder sb)
    {
        var b = Sim.Box;
        string Bc(int d) => b.Periodic[d] ? "pp" : "ff";
        if (!b.Triclinic)
        {
            sb.Append("ITEM: BOX BOUNDS ").Append(Bc(0)).Append(' ').Append(Bc(1)).Append(' ').Append(Bc(2)).Append('\n');
            sb.Append(Bound(b.XLo)).Append(' ').Append(Bound(b.XHi)).Append('\n');
            sb.Append(Bound(b.YLo)).Append(' ').Append(Bound(b.YHi)).Append('\n');
            sb.Append(Bound(b.ZLo)).Append(' ').Append(Bound(b.ZHi)).Append('\n');
            return;
        }
        double xlo = b.XLo + Math.Min(0.0, Math.Min(b.XY, Math.Min(b.XZ, b.XY + b.XZ)));
        double xhi = b.XHi + Math.Max(0.0, Math.Max(b.XY, Math.Max(b.XZ, b.XY + b.XZ)));
        double ylo = b.YLo + Math.Min(0.0, b.YZ);
        double yhi = b.YHi + Math.Max(0.0, b.YZ);
        sb.Append("ITEM: BOX BOUNDS xy xz yz ").Append(Bc(0)).Append(' ').Append(Bc(1)).Append(' ').Append(Bc(2)).Append('\n');
        sb.Append(Bound(xlo)).Append(' ').Append(Bound(xhi)).Append(' ').Append(Bound(b.XY)).Append('\n');
        sb.Append(Bound(ylo)).Append(' ').Append(Bound(yhi)).Append(' ').Append(Bound(b.XZ)).Append('\n');
        sb.Append(Bound(b.ZLo)).Append(' ').Append(Bound(b.ZHi)).Append(' ').Append(Bound(b.YZ)).Append('\n');
    }

    /// <summary>The standard per-atom columns shared by custom, atom, xyz and extxyz (null for an unknown name).</summary>
    protected DumpColumn? StandardColumn(string name, string? elementFallback)
    {
        var a = Sim.Atoms;
        var box = Sim.Box;
        double Xs(int i, int d)
        {
            box.ToLamda(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], out var s0, out var s1, out var s2);
            return d == 0 ? s0 : d == 1 ? s1 : s2;
        }
        double Xu(int i, int d)
        {
            box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2],
                out var u0, out var u1, out var u2);
            return d == 0 ? u0 : d == 1 ? u1 : u2;
        }
        DumpColumn F(Func<int, double> f) => new(name, DumpColumnKind.Float, f);
        DumpColumn I(Func<int, double> f) => new(name, DumpColumnKind.Int, f);
        return name switch
        {
            "id" => I(i => a.Tag[i]),
            "type" => I(i => a.Type[i]),
            "element" => new DumpColumn(name, DumpColumnKind.Text, i => a.Type[i], i => TypeLabel(a.Type[i], elementFallback)),
            "q" => F(i => a.Q[i]),
            "mass" => F(i => a.Mass[a.Type[i]]),
            "x" => F(i => a.X[3 * i]),
            "y" => F(i => a.X[3 * i + 1]),
            "z" => F(i => a.X[3 * i + 2]),
            "xs" => F(i => Xs(i, 0)),
            "ys" => F(i => Xs(i, 1)),
            "zs" => F(i => Xs(i, 2)),
            "xu" => F(i => Xu(i, 0)),
            "yu" => F(i => Xu(i, 1)),
            "zu" => F(i => Xu(i, 2)),
            "ix" => I(i => a.Image[3 * i]),
            "iy" => I(i => a.Image[3 * i + 1]),
            "iz" => I(i => a.Image[3 * i + 2]),
            "vx" => F(i => a.V[3 * i]),
            "vy" => F(i => a.V[3 * i + 1]),
            "vz" => F(i => a.V[3 * i + 2]),
            "fx" => F(i => a.F[3 * i]),
            "fy" => F(i => a.F[3 * i + 1]),
            "fz" => F(i => a.F[3 * i + 2]),
            _ => null,
        };
    }

    public const string KnownColumns = "id type element q mass x y z xs ys zs xu yu zu ix iy iz vx vy vz fx fy fz";
}
