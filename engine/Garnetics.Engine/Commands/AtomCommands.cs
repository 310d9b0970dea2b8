namespace Garnetics.Engine.Commands;

[Command("group", Syntax = "group ID type|id|element|region|subtract|union|intersect|delete|clear args",
    Help = """
        Define a group of atoms (at most 32 groups, 'all' always exists). type T1 T2 (ranges N:M and <, >, <=, >=, <>,
        between allowed), id I1 I2..., element E1 E2 (from type element names), region RID, subtract G1 G2..., union G1
        G2..., intersect G1 G2..., delete, clear. Membership is static: it does not change when atoms move.
        """)]
public sealed class GroupCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        sim.RequireBox(args);
        string id = args[0];
        var a = sim.Atoms;
        if (args[1] == "delete")
        {
            if (id == "all") throw args.Error(0, "cannot delete group 'all'");
            int g0 = sim.Groups.Find(id);
            if (g0 < 0) throw args.Error(0, $"could not find group '{id}' to delete");
            int b0 = 1 << g0;
            for (int i = 0; i < a.NLocal; i++) a.Mask[i] &= ~b0;
            sim.Groups.Delete(id);
            return;
        }
        int g = sim.Groups.FindOrCreate(id);
        int bit = 1 << g;
        string style = args[1];
        if (style == "clear")
        {
            if (id == "all") throw args.Error(0, "cannot clear group 'all'");
            for (int i = 0; i < a.NLocal; i++) a.Mask[i] &= ~bit;
            return;
        }
        Func<int, bool> pick;
        switch (style)
        {
            case "type":
            case "id":
            {
                if (args.Count < 3) throw args.Error($"group {style} needs at least one value");
                var sel = ParseIntSelection(args, 2, style == "type" ? "atom type" : "atom ID");
                if (style == "type")
                    foreach (var (lo, hi) in sel)
                        if (lo < 1 || hi > a.NTypes) throw args.Error(2, $"atom type range {lo}..{hi} is outside 1..{a.NTypes}");
                pick = style == "type" ? i => Matches(sel, a.Type[i]) : i => Matches(sel, a.Tag[i]);
                break;
            }
            case "element":
            {
                if (args.Count < 3) throw args.Error("group element needs at least one element name");
                var names = new HashSet<string>();
                for (int k = 2; k < args.Count; k++)
                {
                    bool any = false;
                    for (int t = 1; t <= a.NTypes; t++) if (a.TypeElement[t] == args[k]) any = true;
                    if (!any) throw args.Error(k, $"no atom type is mapped to element '{args[k]}' (set elements with read_data/structure files or `mass`/`dump_modify element`)");
                    names.Add(args[k]);
                }
                pick = i => a.TypeElement[a.Type[i]] is { } e && names.Contains(e);
                break;
            }
            case "region":
            {
                args.Require(3);
                var r = RegionLookup.Find(sim, args[2], args, 2);
                pick = i => r.Contains(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2]);
                break;
            }
            case "subtract":
            case "union":
            case "intersect":
            {
                if (args.Count < 3 || (style != "union" && args.Count < 4)) throw args.Error($"group {style} needs {(style == "union" ? "at least one group" : "at least two groups")}");
                var bits = new int[args.Count - 2];
                for (int k = 2; k < args.Count; k++) bits[k - 2] = sim.Groups.BitOf(args, k);
                pick = style switch
                {
                    "union" => i => bits.Any(b => (a.Mask[i] & b) != 0),
                    "intersect" => i => bits.All(b => (a.Mask[i] & b) != 0),
                    _ => i => (a.Mask[i] & bits[0]) != 0 && !bits.Skip(1).Any(b => (a.Mask[i] & b) != 0),
                };
                break;
            }
            default:
                throw args.Error(1, $"unknown group style '{style}' (expected type, id, element, region, subtract, union, intersect, delete, clear)");
        }
        var chosen = new bool[a.NLocal];
        for (int i = 0; i < a.NLocal; i++) chosen[i] = pick(i);
        int count = 0;
        for (int i = 0; i < a.NLocal; i++)
            if (chosen[i]) { a.Mask[i] |= bit; count++; }
        long total = sim.Comm.SumAll((long)count);
        long members = (long)sim.GroupCount(bit);
        sim.Print($"{total} atoms in group {id}" + (members != total ? $" ({members} in total)" : ""));
    }

    private static bool Matches(List<(long lo, long hi)> sel, long v)
    {
        foreach (var (lo, hi) in sel) if (v >= lo && v <= hi) return true;
        return false;
    }

    /// <summary>LAMMPS group type/id values: N, N:M, N:M:S is not supported, and the logical forms &lt; &gt; &lt;= &gt;= &lt;&gt; between.</summary>
    private static List<(long, long)> ParseIntSelection(CommandArgs args, int start, string what)
    {
        var sel = new List<(long, long)>();
        string op = args[start];
        if (op is "<" or ">" or "<=" or ">=" or "==" or "!=" or "<>")
        {
            if (op == "<>") { args.Require(start + 3); sel.Add((args.Long(start + 1, what), args.Long(start + 2, what))); return sel; }
            args.Require(start + 2);
            long v = args.Long(start + 1, what);
            switch (op)
            {
                case "<": sel.Add((long.MinValue, v - 1)); break;
                case "<=": sel.Add((long.MinValue, v)); break;
                case ">": sel.Add((v + 1, long.MaxValue)); break;
                case ">=": sel.Add((v, long.MaxValue)); break;
                case "==": sel.Add((v, v)); break;
                default: sel.Add((long.MinValue, v - 1)); sel.Add((v + 1, long.MaxValue)); break;
            }
            return sel;
        }
        for (int k = start; k < args.Count; k++)
        {
            var s = args[k];
            int colon = s.IndexOf(':');
            if (colon < 0) { long v = args.Long(k, what); sel.Add((v, v)); continue; }
            if (!long.TryParse(s[..colon], out var lo) || !long.TryParse(s[(colon + 1)..], out var hi) || lo > hi)
                throw args.Error(k, $"expected {what} range N:M with N <= M, got '{s}'");
            sel.Add((lo, hi));
        }
        return sel;
    }
}

[Command("set", Syntax = "set type T|group G|atom ID keyword value ...",
    Help = """
        Set per-atom properties of selected atoms: charge Q, type T, mass (not per-atom here: error), x/y/z, vx/vy/vz,
        image ix iy iz. Selection: atom ID (or range N:M), type T (range), group G.
        """)]
public sealed class SetCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(4, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        Func<int, bool> sel;
        switch (args[0])
        {
            case "type":
            {
                var (lo, hi) = args.TypeRange(1, a.NTypes);
                sel = i => a.Type[i] >= lo && a.Type[i] <= hi;
                break;
            }
            case "group":
            {
                int bit = sim.Groups.BitOf(args, 1);
                sel = i => (a.Mask[i] & bit) != 0;
                break;
            }
            case "atom":
            {
                var (lo, hi) = args.TypeRange(1, Math.Max(1, a.MaxTag), "atom ID");
                sel = i => a.Tag[i] >= lo && a.Tag[i] <= hi;
                break;
            }
            default: throw args.Error(0, $"unknown set style '{args[0]}' (expected atom, type, group)");
        }
        var idx = Enumerable.Range(0, a.NLocal).Where(sel).ToList();
        for (int k = 2; k < args.Count;)
        {
            string key = args[k];
            switch (key)
            {
                case "charge":
                {
                    if (!a.HasCharge) throw args.Error(k, "set charge needs atom_style charge");
                    double q = args.Double(k + 1, "charge");
                    foreach (var i in idx) a.Q[i] = q;
                    k += 2; break;
                }
                case "type":
                {
                    int t = args.Int(k + 1, "atom type");
                    if (t < 1 || t > a.NTypes) throw args.Error(k + 1, $"atom type {t} is out of range 1..{a.NTypes}");
                    foreach (var i in idx) a.Type[i] = t;
                    k += 2; break;
                }
                case "x": case "y": case "z": case "vx": case "vy": case "vz":
                {
                    double v = args.Double(k + 1, key);
                    int d = key[^1] - 'x';
                    var arr = key.Length == 1 ? a.X : a.V;
                    foreach (var i in idx) arr[3 * i + d] = v;
                    k += 2; break;
                }
                case "image":
                {
                    for (int d = 0; d < 3; d++)
                    {
                        if (args.Str(k + 1 + d) == "NULL") continue;
                        int im = args.Int(k + 1 + d, "image flag");
                        foreach (var i in idx) a.Image[3 * i + d] = im;
                    }
                    k += 4; break;
                }
                default: throw args.Error(k, $"unknown set keyword '{key}' (expected charge, type, x, y, z, vx, vy, vz, image)");
            }
        }
        sim.Print($"Setting atom values ...\n  {sim.Comm.SumAll((long)idx.Count)} settings made for {string.Join(" ", Enumerable.Range(2, args.Count - 2).Where(k => (k - 2) % 2 == 0).Select(k => args[k]))}");
    }
}

[Command("delete_atoms", Syntax = "delete_atoms group G | region R | overlap cutoff G1 G2 [compress yes|no]",
    Help = """
        Delete atoms in a group or region, or one atom of every pair closer than cutoff with one atom in G1 and the
        other in G2 (LAMMPS semantics: of a close pair the atom in G1 is deleted, keeping one of each cluster). Atom IDs
        are renumbered 1..N afterwards unless compress no.
        """)]
public sealed class DeleteAtomsCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        bool compress = true;
        int end;
        bool[] del = new bool[a.NLocal];
        switch (args[0])
        {
            case "group":
            {
                int bit = sim.Groups.BitOf(args, 1);
                for (int i = 0; i < a.NLocal; i++) del[i] = (a.Mask[i] & bit) != 0;
                end = 2; break;
            }
            case "region":
            {
                var r = RegionLookup.Find(sim, args[1], args, 1);
                for (int i = 0; i < a.NLocal; i++) del[i] = r.Contains(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2]);
                end = 2; break;
            }
            case "overlap":
            {
                args.Require(4, -1);
                double cut = args.Double(1, "overlap cutoff");
                if (cut <= 0) throw args.Error(1, "overlap cutoff must be positive");
                int b1 = sim.Groups.BitOf(args, 2), b2 = sim.Groups.BitOf(args, 3);
                MarkOverlaps(sim, cut, b1, b2, del);
                end = 4; break;
            }
            default: throw args.Error(0, $"unknown delete_atoms style '{args[0]}' (expected group, region, overlap)");
        }
        for (int k = end; k < args.Count;)
        {
            switch (args[k])
            {
                case "compress": compress = args.YesNo(k + 1); k += 2; break;
                case "bond": case "mol": args.YesNo(k + 1); k += 2; break;
                default: throw args.Error(k, $"unknown delete_atoms keyword '{args[k]}'");
            }
        }
        long before = a.NAtoms;
        int n = a.DeleteLocal(i => del[i]);
        if (compress) a.ResetTags();
        sim.RecountAtoms();
        sim.Print($"Deleted {before - a.NAtoms} atoms, new total = {a.NAtoms}");
        _ = n;
    }

    private static void MarkOverlaps(Simulation sim, double cut, int b1, int b2, bool[] del)
    {
        // Build ghosts and a full list with this cut-off, independent of the pair style.
        var a = sim.Atoms;
        var nm = new Neighbor.NeighborManager(0) { CheckCoincident = false };
        var request = nm.Request(Neighbor.NeighRequest.Uniform("delete_atoms overlap", Neighbor.NeighKind.Full, cut, a.NTypes));
        var x = a.X; var img = a.Image;
        for (int i = 0; i < a.NLocal; i++)
            sim.Box.Remap(ref x[3 * i], ref x[3 * i + 1], ref x[3 * i + 2], ref img[3 * i], ref img[3 * i + 1], ref img[3 * i + 2]);
        sim.Comm.Borders(a, sim.Box, cut);
        nm.Build(a, sim.Threads, sim.Step);
        x = a.X; // the arrays may have grown for the ghosts
        var list = request.List;
        double cutsq = cut * cut;
        int nlocal = a.NLocal;
        for (int i = 0; i < nlocal; i++)
        {
            if ((a.Mask[i] & b1) == 0) continue;
            foreach (int j in list.Of(i))
            {
                if ((a.Mask[j] & b2) == 0) continue;
                // the same distance whichever of the two is visited first (ordered by tag)
                int lo = a.Tag[i] < a.Tag[j] ? i : j, hi = lo == i ? j : i;
                double dx = x[3 * lo] - x[3 * hi], dy = x[3 * lo + 1] - x[3 * hi + 1], dz = x[3 * lo + 2] - x[3 * hi + 2];
                if (dx * dx + dy * dy + dz * dz >= cutsq) continue;
                if (j < nlocal)
                {
                    // an owned partner that is already deleted no longer overlaps anything
                    if (del[j]) continue;
                }
                else if ((a.Mask[i] & b2) != 0 && (a.Mask[j] & b1) != 0)
                {
                    // a periodic image forming a candidate pair both ways: only the atom with the smaller ID goes
                    if (a.Tag[i] > a.Tag[j]) continue;
                }
                del[i] = true;
                break;
            }
        }
        a.NGhost = 0;
    }
}

[Command("displace_atoms", Syntax = "displace_atoms group move dx dy dz | random dx dy dz seed [units box|lattice]",
    Help = """
        Displace the atoms of a group: move by a fixed vector, or random by uniform amounts in [-d, d] per dimension
        (LAMMPS's RanPark reseeded from each atom's coordinates, so the result matches LAMMPS). Distances are in lattice
        units by default (as in LAMMPS), or box units with `units box`. Atoms are wrapped back into the periodic box.
        """)]
public sealed class DisplaceAtomsCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(5, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        int bit = sim.Groups.BitOf(args, 0);
        string style = args.Choice(1, "move", "random");
        double dx = args.Double(2, "dx"), dy = args.Double(3, "dy"), dz = args.Double(4, "dz");
        int next = 5;
        int seed = 0;
        if (style == "random")
        {
            seed = args.Int(5, "seed");
            if (seed <= 0) throw args.Error(5, "random seed must be a positive integer");
            next = 6;
        }
        double sx = 1, sy = 1, sz = 1;
        bool latticeUnits = true; // LAMMPS default: units lattice
        for (int k = next; k < args.Count;)
        {
            if (args[k] != "units") throw args.Error(k, $"unknown displace_atoms keyword '{args[k]}'");
            latticeUnits = args.Choice(k + 1, "box", "lattice") == "lattice";
            k += 2;
        }
        if (latticeUnits)
        {
            if (!sim.Objects.TryGetValue("lattice", out var lat) || lat is not ILatticeSpacing ls)
                throw args.Error(1, "displace_atoms uses lattice units by default but no lattice is defined: add `units box` or define a lattice");
            (sx, sy, sz) = (ls.XLattice, ls.YLattice, ls.ZLattice);
        }
        var x = a.X;
        if (style == "move")
        {
            for (int i = 0; i < a.NLocal; i++)
                if ((a.Mask[i] & bit) != 0) { x[3 * i] += dx * sx; x[3 * i + 1] += dy * sy; x[3 * i + 2] += dz * sz; }
        }
        else
        {
            // reseeded from each atom's coordinates, so independent of atom order and processor count (as LAMMPS)
            var rng = new Rng.RanPark(seed);
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & bit) == 0) continue;
                rng.Reset(seed, x[3 * i], x[3 * i + 1], x[3 * i + 2]);
                x[3 * i] += dx * sx * 2.0 * (rng.Uniform() - 0.5);
                x[3 * i + 1] += dy * sy * 2.0 * (rng.Uniform() - 0.5);
                x[3 * i + 2] += dz * sz * 2.0 * (rng.Uniform() - 0.5);
            }
        }
        var img = a.Image;
        for (int i = 0; i < a.NLocal; i++)
            sim.Box.Remap(ref x[3 * i], ref x[3 * i + 1], ref x[3 * i + 2], ref img[3 * i], ref img[3 * i + 1], ref img[3 * i + 2]);
    }
}

/// <summary>Lattice spacings (implemented by the lattice command's object) for commands with `units lattice`.</summary>
public interface ILatticeSpacing
{
    double XLattice { get; }
    double YLattice { get; }
    double ZLattice { get; }
}
