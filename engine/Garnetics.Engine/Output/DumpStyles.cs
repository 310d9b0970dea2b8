using System.Text;

namespace Garnetics.Engine.Output;

[DumpStyle("custom", Syntax = "dump ID group custom N file column1 column2 ...",
    Help = """
        LAMMPS text dump with chosen per-atom columns: id type element q mass x y z xs ys zs xu yu zu ix iy iz vx vy vz
        fx fy fz, and c_ID (a per-atom vector compute such as ke/atom or pe/atom) or c_ID[i] (column i, from 1, of a
        per-atom array compute such as stress/atom), invoked on the dump's steps. Each snapshot is ITEM: TIMESTEP, ITEM:
        NUMBER OF ATOMS, ITEM: BOX BOUNDS (pp pp pp, or xy xz yz pp pp pp with the bounding box and tilts for triclinic
        cells) and ITEM: ATOMS with the column names. Integers print as %d, reals as %g, element as %s (dump_modify
        element, default C); dump_modify format/sort/element/every/first/append/flush change it. A '*' in the file name
        writes one file per snapshot.
        """)]
public sealed class DumpCustom : TextDump
{
    protected override void ConfigureStyle(CommandArgs args)
    {
        if (args.Count == 0) throw args.Error($"dump {Id} custom: no columns given (known: {KnownColumns})");
        var cols = new List<DumpColumn>();
        _computeIds.Clear();
        for (int k = 0; k < args.Count; k++)
        {
            if (args[k].StartsWith("c_", StringComparison.Ordinal))
            {
                cols.Add(ComputeColumn(args, k));
                continue;
            }
            var c = StandardColumn(args[k], "C")
                ?? throw args.Error(k, $"dump {Id} custom: unknown column '{args[k]}' (known: {KnownColumns} c_ID c_ID[i])");
            if (c.Name == "q" && !Sim.Atoms.HasCharge)
                throw args.Error(k, $"dump {Id} custom: column q needs per-atom charges (atom_style charge)");
            cols.Add(c);
        }
        SetColumns(cols);
    }

    /// <summary>IDs of the per-atom computes used by c_ columns, in column order of first use.</summary>
    private readonly List<string> _computeIds = [];
    /// <summary>Their current values (row-major, PerAtomColumns per atom or one), filled at each snapshot.</summary>
    private readonly Dictionary<string, (double[] Values, int Stride)> _computed = new(StringComparer.Ordinal);

    /// <summary>A c_ID or c_ID[i] column: the compute must exist with per-atom output of the right shape.</summary>
    private DumpColumn ComputeColumn(CommandArgs args, int k)
    {
        string name = args[k], body = name[2..];
        int col = 0;
        int br = body.IndexOf('[');
        if (br >= 0)
        {
            if (!body.EndsWith(']') || !int.TryParse(body[(br + 1)..^1], NumberStyles.None, CultureInfo.InvariantCulture, out col) || col < 1)
                throw args.Error(k, $"dump {Id} custom: bad column '{name}' (expected c_ID or c_ID[i] with i >= 1)");
            body = body[..br];
        }
        var c = Sim.FindCompute(body)
            ?? throw args.Error(k, $"dump {Id} custom: compute '{body}' of column '{name}' does not exist (define it before the dump)");
        if (!c.HasPerAtom)
            throw args.Error(k, $"dump {Id} custom: compute {body} ({c.StyleName}) has no per-atom output");
        int ncol = c.PerAtomColumns;
        if (col == 0 && ncol > 0)
            throw args.Error(k, $"dump {Id} custom: compute {body} ({c.StyleName}) gives {ncol} values per atom: use c_{body}[1] .. c_{body}[{ncol}]");
        if (col > 0 && ncol == 0)
            throw args.Error(k, $"dump {Id} custom: compute {body} ({c.StyleName}) gives one value per atom: use c_{body} without an index");
        if (col > ncol && ncol > 0)
            throw args.Error(k, $"dump {Id} custom: column index {col} of '{name}' is out of range (compute {body} has {ncol} columns)");
        if (!_computeIds.Contains(body)) _computeIds.Add(body);
        string id = body;
        int offset = Math.Max(col - 1, 0);
        return new DumpColumn(name, DumpColumnKind.Float, i =>
        {
            var (values, stride) = _computed[id];
            return values[stride * i + offset];
        });
    }

    private Compute Find(string id) =>
        Sim.FindCompute(id) ?? throw new GarneticsException($"dump {Id} custom: compute '{id}' no longer exists (uncompute?)");

    public override IEnumerable<Compute> PerAtomComputes => _computeIds.Select(Find);

    public override void Init()
    {
        foreach (var id in _computeIds) Find(id);
        base.Init();
    }

    protected override void BeforeWrite()
    {
        _computed.Clear();
        foreach (var id in _computeIds)
        {
            var c = Find(id);
            _computed[id] = (c.ComputePerAtom(), Math.Max(1, c.PerAtomColumns));
        }
    }
}

[DumpStyle("atom", Syntax = "dump ID group atom N file",
    Help = """
        LAMMPS native dump: ITEM headers like dump custom with the columns id type xs ys zs (scaled fractional
        coordinates). dump_modify scale no writes x y z instead; image yes adds ix iy iz. Also accepts format, sort,
        every, first, append, flush.
        """)]
public sealed class DumpAtom() : TextDump(("scale", true), ("image", false))
{
    protected override void ConfigureStyle(CommandArgs args)
    {
        NoStyleArguments(args, "atom");
        SetColumns(SwitchedColumns());
    }

    protected override IEnumerable<string> SwitchedColumns() =>
        ["id", "type", .. When("scale", ["xs", "ys", "zs"], ["x", "y", "z"]), .. When("image", ["ix", "iy", "iz"])];
}

[DumpStyle("xyz", Syntax = "dump ID group xyz N file",
    Help = """
        XYZ file as LAMMPS writes it: the atom count, a line 'Atoms. Timestep: N', then 'label x y z' per atom, sorted
        by atom ID. The label is the element from dump_modify element (or the type's known element), else the type
        number. Format %s %g %g %g.
        """)]
public sealed class DumpXyz : TextDump
{
    protected override int DefaultSort => int.MaxValue;

    protected override void ConfigureStyle(CommandArgs args)
    {
        NoStyleArguments(args, "xyz");
        SetColumns(["element", "x", "y", "z"]);
    }

    protected override void WriteHeader(StringBuilder sb, long step, int natoms)
    {
        sb.Append(natoms.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Atoms. Timestep: ").Append(step.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}

[DumpStyle("extxyz", Syntax = "dump ID group extxyz N file",
    Help = """
        Extended XYZ (ASE/OVITO): the atom count, then a comment line with Lattice="ax ay az bx by bz cx cy cz" (the
        cell vectors), Properties=species:S:1:pos:R:3[:vel:R:3][:forces:R:3], Time= and Timestep= and pbc=, then one
        line per atom sorted by ID. dump_modify vel yes|no and forces yes|no (default yes) select the optional columns;
        species is the element or type number.
        """)]
public sealed class DumpExtXyz() : TextDump(("vel", true), ("forces", true))
{
    protected override int DefaultSort => int.MaxValue;

    protected override void ConfigureStyle(CommandArgs args)
    {
        NoStyleArguments(args, "extxyz");
        SetColumns(SwitchedColumns());
    }

    protected override IEnumerable<string> SwitchedColumns() =>
        ["element", "x", "y", "z", .. When("vel", ["vx", "vy", "vz"]), .. When("forces", ["fx", "fy", "fz"])];

    protected override void WriteHeader(StringBuilder sb, long step, int natoms)
    {
        var b = Sim.Box;
        static string R(double v) => CFormat.RoundTrip(v);
        sb.Append(natoms.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("Lattice=\"")
            .Append(R(b.Lx)).Append(" 0 0 ")
            .Append(R(b.XY)).Append(' ').Append(R(b.Ly)).Append(" 0 ")
            .Append(R(b.XZ)).Append(' ').Append(R(b.YZ)).Append(' ').Append(R(b.Lz)).Append("\" ");
        sb.Append("Properties=species:S:1:pos:R:3");
        if (Switch("vel")) sb.Append(":vel:R:3");
        if (Switch("forces")) sb.Append(":forces:R:3");
        sb.Append(" Time=").Append(R(Sim.Time));
        sb.Append(" Timestep=").Append(step.ToString(CultureInfo.InvariantCulture));
        sb.Append(" pbc=\"").Append(b.Periodic[0] ? 'T' : 'F').Append(' ').Append(b.Periodic[1] ? 'T' : 'F').Append(' ')
            .Append(b.Periodic[2] ? 'T' : 'F').Append("\"\n");
    }
}
