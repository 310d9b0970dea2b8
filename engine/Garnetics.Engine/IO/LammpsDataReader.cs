namespace Garnetics.Engine.IO;

/// <summary>
/// Reader for LAMMPS data files (read_data format) with atom styles atomic and charge: header keywords
/// (atoms, atom types, xlo xhi, ylo yhi, zlo zhi, xy xz yz), sections Masses, Atoms, Velocities, and Pair Coeffs /
/// PairIJ Coeffs (kept as raw lines).
/// </summary>
public static class LammpsDataReader
{
    private static readonly string[] TopologyCounts = ["bonds", "angles", "dihedrals", "impropers"];
    private static readonly string[] TopologySections =
    [
        "Bonds", "Angles", "Dihedrals", "Impropers", "Bond Coeffs", "Angle Coeffs", "Dihedral Coeffs",
        "Improper Coeffs", "BondBond Coeffs", "BondAngle Coeffs", "MiddleBondTorsion Coeffs", "EndBondTorsion Coeffs",
        "AngleTorsion Coeffs", "AngleAngleTorsion Coeffs", "BondBond13 Coeffs", "AngleAngle Coeffs", "Ellipsoids",
        "Lines", "Triangles", "Bodies",
    ];
    private static readonly string[] HeaderKeywords =
    [
        "atoms", "atom types", "xlo xhi", "ylo yhi", "zlo zhi", "xy xz yz", "bonds", "angles", "dihedrals", "impropers",
        "bond types", "angle types", "dihedral types", "improper types",
    ];
    private static readonly string[] KnownSections = ["Masses", "Atoms", "Velocities", "Pair Coeffs", "PairIJ Coeffs"];

    public static StructureData Read(string path, StructureReadOptions? options = null)
    {
        options ??= StructureReadOptions.Default;
        using var src = LineSource.Open(path);
        var d = new StructureData();
        var title = src.Next() ?? throw src.EndOfFile("a title line (the file is empty)");
        d.Title = title.Trim();

        // ---- header
        long natoms = 0;
        int ntypes = 0;
        int typesLine = 0;
        string? typesText = null;
        double[] lo = [-0.5, -0.5, -0.5], hi = [0.5, 0.5, 0.5]; // x, y, z
        double xy = 0, xz = 0, yz = 0;
        bool triclinic = false;
        string? line;
        string? firstSection = null;
        while ((line = src.Next()) != null)
        {
            var tok = LineSource.Tokenize(line);
            if (tok.Count == 0) continue;
            int k = 0;
            while (k < tok.Count && IoUtil.TryParseDouble(tok[k].Text, out _)) k++;
            // a known keyword at the end of the line fixes where the values stop, so that a malformed value is
            // reported as a bad number rather than as an unknown keyword
            foreach (var known in HeaderKeywords)
            {
                var words = known.Split(' ');
                if (words.Length < tok.Count && tok.Skip(tok.Count - words.Length).Select(t => t.Text).SequenceEqual(words))
                {
                    int nv = tok.Count - words.Length;
                    for (int v = 0; v < nv; v++)
                        if (!IoUtil.TryParseDouble(tok[v].Text, out _))
                            throw src.Error($"bad number '{tok[v].Text}': expected a number before '{known}'", tok[v]);
                    k = nv;
                    break;
                }
            }
            if (k == 0)
            {
                firstSection = SectionName(line);
                break;
            }
            if (k == tok.Count)
                throw src.Error("header line has numbers but no keyword (expected e.g. 'N atoms', 'N atom types', 'xlo xhi')", tok[0]);
            string kw = string.Join(' ', tok.Skip(k).Select(t => t.Text));
            switch (kw)
            {
                case "atoms":
                    Expect(src, tok, k, 1, kw);
                    if (!IoUtil.TryParseLong(tok[0].Text, out natoms) || natoms < 0 || natoms > int.MaxValue)
                        throw src.Error($"bad number '{tok[0].Text}': expected a non-negative integer atom count", tok[0]);
                    break;
                case "atom types":
                    Expect(src, tok, k, 1, kw);
                    if (!IoUtil.TryParseInt(tok[0].Text, out ntypes) || ntypes < 1)
                        throw src.Error($"bad number '{tok[0].Text}': expected a positive integer number of atom types", tok[0]);
                    typesLine = src.LineNumber;
                    typesText = line;
                    break;
                case "xlo xhi" or "ylo yhi" or "zlo zhi":
                {
                    Expect(src, tok, k, 2, kw);
                    int dim = kw[0] - 'x';
                    (lo[dim], hi[dim]) = Bounds(src, tok, kw[..1]);
                    break;
                }
                case "xy xz yz":
                    Expect(src, tok, k, 3, kw);
                    xy = src.Double(tok[0], "the xy tilt");
                    xz = src.Double(tok[1], "the xz tilt");
                    yz = src.Double(tok[2], "the yz tilt");
                    triclinic = true;
                    break;
                default:
                    if (TopologyCounts.Contains(kw) || (kw.EndsWith(" types", StringComparison.Ordinal)
                        && TopologyCounts.Any(t => kw == t[..^1] + " types")))
                    {
                        Expect(src, tok, k, 1, kw);
                        if (!IoUtil.TryParseLong(tok[0].Text, out long cnt) || cnt < 0)
                            throw src.Error($"bad number '{tok[0].Text}': expected an integer count of {kw}", tok[0]);
                        if (cnt != 0)
                            throw src.Error($"header keyword '{kw}' with a non-zero count is not supported (atom styles atomic and charge only)", tok[k]);
                        break;
                    }
                    throw src.Error($"unknown header keyword '{kw}' (expected atoms, atom types, xlo xhi, ylo yhi, zlo zhi or xy xz yz)", tok[k]);
            }
        }
        if (ntypes < 1)
            throw new GarneticsException("data file header has no 'atom types' line",
                new SourceLocation(src.FileName, src.LineNumber, 0, src.Current));
        d.SetNTypes(ntypes);
        d.Box = new Box
        {
            XLo = lo[0], XHi = hi[0], YLo = lo[1], YHi = hi[1], ZLo = lo[2], ZHi = hi[2], XY = xy, XZ = xz, YZ = yz,
            Triclinic = triclinic, Defined = true,
        };
        d.Box.SetGlobal();

        if (options.Elements is { Count: > 0 } els)
        {
            var map = new TypeMap(els);
            if (map.Order.Count != ntypes)
                throw new GarneticsException(
                    $"the element list ({map.Describe()}) names {map.Order.Count} elements but the data file has {ntypes} atom types",
                    new SourceLocation(src.FileName, typesLine, 0, typesText));
            for (int t = 1; t <= ntypes; t++) d.TypeElements[t] = map.Order[t - 1];
        }

        // ---- sections
        var tagIndex = new Dictionary<int, int>();
        bool haveAtoms = false;
        string? section = firstSection;
        while (section != null)
        {
            var keywordLoc = src.Here();
            string? hint = IoUtil.CommentOf(src.Current!);
            string? next;
            switch (section)
            {
                case "Masses":
                    next = ReadBlock(src, ntypes, "Masses", "mass lines", tok =>
                    {
                        if (tok.Count != 2)
                            throw src.Error($"wrong number of columns in Masses: expected 2 (type mass), found {tok.Count}", tok[0]);
                        int t = src.Int(tok[0], "an atom type");
                        CheckType(src, tok[0], t, ntypes);
                        double m = src.Double(tok[1], "a mass");
                        if (m <= 0) throw src.Error($"mass of type {t} must be positive, got {tok[1].Text}", tok[1]);
                        d.Masses[t] = m;
                        if (options.Elements == null && IoUtil.CommentOf(src.Current!) is { } c
                            && PeriodicTable.NormalizeExact(c.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "") is { } el)
                            d.TypeElements[t] = el;
                    });
                    break;
                case "Atoms":
                    if (haveAtoms) throw src.Error("second Atoms section");
                    string style = ResolveStyle(src, options.AtomStyle, hint);
                    d.Images = [];
                    next = ReadBlock(src, (int)natoms, "Atoms", "atom lines", tok =>
                    {
                        if (style == "") style = tok.Count is 6 or 9 ? "charge" : "atomic";
                        bool charge = style == "charge";
                        int baseCols = charge ? 6 : 5;
                        if (tok.Count != baseCols && tok.Count != baseCols + 3)
                            throw src.Error(charge
                                ? $"wrong number of columns in Atoms # charge: expected 6 (id type q x y z) or 9 (id type q x y z ix iy iz), found {tok.Count}"
                                : $"wrong number of columns in Atoms # atomic: expected 5 (id type x y z) or 8 (id type x y z ix iy iz), found {tok.Count}",
                                tok[0]);
                        int id = src.Int(tok[0], "an atom id");
                        if (id < 1) throw src.Error($"atom id must be positive, got {id}", tok[0]);
                        int type = src.Int(tok[1], "an atom type");
                        CheckType(src, tok[1], type, ntypes);
                        int c = charge ? 3 : 2;
                        double q = charge ? src.Double(tok[2], "a charge") : 0.0;
                        double x = src.Double(tok[c], "the x coordinate");
                        double y = src.Double(tok[c + 1], "the y coordinate");
                        double z = src.Double(tok[c + 2], "the z coordinate");
                        (int, int, int) img = (0, 0, 0);
                        if (tok.Count == baseCols + 3)
                            img = (src.Int(tok[c + 3], "the ix image flag"), src.Int(tok[c + 4], "the iy image flag"),
                                src.Int(tok[c + 5], "the iz image flag"));
                        if (!tagIndex.TryAdd(id, d.Count))
                            throw src.Error($"duplicate atom id {id} in Atoms", tok[0]);
                        if (charge && d.Charges == null) d.Charges = [];
                        int i = d.AddAtom(id, type, d.TypeElements[type], x, y, z);
                        d.Images[i] = img;
                        if (charge) d.Charges![i] = q;
                    });
                    haveAtoms = true;
                    break;
                case "Velocities":
                    if (!haveAtoms) throw src.Error("Velocities section before the Atoms section");
                    d.Velocities = Enumerable.Repeat((0.0, 0.0, 0.0), d.Count).ToList();
                    var seenV = new HashSet<int>();
                    next = ReadBlock(src, (int)natoms, "Velocities", "velocity lines", tok =>
                    {
                        if (tok.Count != 4)
                            throw src.Error($"wrong number of columns in Velocities: expected 4 (id vx vy vz), found {tok.Count}", tok[0]);
                        int id = src.Int(tok[0], "an atom id");
                        if (!tagIndex.TryGetValue(id, out int i))
                            throw src.Error($"atom id {id} in Velocities does not appear in the Atoms section", tok[0]);
                        if (!seenV.Add(id)) throw src.Error($"duplicate atom id {id} in Velocities", tok[0]);
                        d.Velocities[i] = (src.Double(tok[1], "vx"), src.Double(tok[2], "vy"),
                            src.Double(tok[3], "vz"));
                    });
                    break;
                case "Pair Coeffs":
                case "PairIJ Coeffs":
                    var target = section == "Pair Coeffs" ? d.PairCoeffs : d.PairIJCoeffs;
                    int count = section == "Pair Coeffs" ? ntypes : ntypes * (ntypes + 1) / 2;
                    next = ReadBlock(src, count, section, "coefficient lines", tok =>
                    {
                        int t = src.Int(tok[0], "an atom type");
                        CheckType(src, tok[0], t, ntypes);
                        target.Add(new RawLine(src.Current!.Trim(), src.Here()));
                    });
                    break;
                default:
                    if (TopologySections.Contains(section))
                        throw new GarneticsException(
                            $"section '{section}' is not supported (atom styles atomic and charge only)", keywordLoc, section);
                    throw new GarneticsException(
                        $"unknown section '{section}' (expected one of: {string.Join(", ", KnownSections)})", keywordLoc, section);
            }
            section = next;
        }
        if (natoms > 0 && !haveAtoms)
            throw new GarneticsException($"data file declares {natoms} atoms but has no Atoms section",
                new SourceLocation(src.FileName, Math.Max(src.LineNumber, 1), 0, null));
        d.FillMassesFromElements();
        return d;
    }

    /// <summary>
    /// Read exactly <paramref name="count"/> data lines of a section (blank lines before the data are skipped), then
    /// skip blank lines and return the next section keyword, or null at end of file.
    /// </summary>
    private static string? ReadBlock(LineSource src, int count, string section, string what, Action<List<Token>> handle)
    {
        int done = 0;
        while (done < count)
        {
            var line = src.Next();
            if (line == null)
                throw src.EndOfFile($"{count - done} more {what} in the {section} section ({done} of {count} read; truncated file or count mismatch)");
            var tok = LineSource.Tokenize(line);
            if (tok.Count == 0)
            {
                if (done == 0) continue;
                throw src.Error($"{section} section ended (blank line) after {done} of {count} {what} (count mismatch with the header)");
            }
            if (!IoUtil.TryParseDouble(tok[0].Text, out _) && IsSectionKeyword(line))
                throw src.Error($"{section} section ended after {done} of {count} {what} (count mismatch with the header)", tok[0]);
            handle(tok);
            done++;
        }
        string? next;
        while ((next = src.Next()) != null)
        {
            var tok = LineSource.Tokenize(next);
            if (tok.Count == 0) continue;
            if (IoUtil.TryParseDouble(tok[0].Text, out _))
                throw src.Error($"extra line after the {section} section: it already has {count} {what} (count mismatch with the header)", tok[0]);
            return SectionName(next);
        }
        return null;
    }

    private static bool IsSectionKeyword(string line)
    {
        string name = SectionName(line);
        return KnownSections.Contains(name) || TopologySections.Contains(name);
    }

    private static string SectionName(string line)
    {
        int k = line.IndexOf('#');
        string s = k >= 0 ? line[..k] : line;
        return string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string ResolveStyle(LineSource src, string? requested, string? hint)
    {
        string? h = hint?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (requested != null)
        {
            if (requested is not ("atomic" or "charge"))
                throw new GarneticsException($"atom style '{requested}' is not supported by read_data (atomic or charge)");
            if (h is "atomic" or "charge" && h != requested)
                throw src.Error($"the Atoms section is marked '# {h}' but atom style '{requested}' was requested", 0, h);
            return requested;
        }
        if (h == null) return "";
        if (h is "atomic" or "charge") return h;
        throw src.Error($"atom style '{h}' in the Atoms section hint is not supported (atomic or charge)", 0, h);
    }

    private static void Expect(LineSource src, List<Token> tok, int k, int n, string kw)
    {
        if (k != n)
            throw src.Error($"wrong number of values for header keyword '{kw}': expected {n}, found {k}", tok[0]);
    }

    private static (double, double) Bounds(LineSource src, List<Token> tok, string dim)
    {
        double lo = src.Double(tok[0], $"{dim}lo");
        double hi = src.Double(tok[1], $"{dim}hi");
        if (!(hi > lo)) throw src.Error($"box bound {dim}hi ({tok[1].Text}) must be greater than {dim}lo ({tok[0].Text})", tok[1]);
        return (lo, hi);
    }

    private static void CheckType(LineSource src, Token t, int type, int ntypes)
    {
        if (type < 1 || type > ntypes)
            throw src.Error($"atom type {type} out of range: the header declares {ntypes} atom types (1..{ntypes})", t);
    }
}
