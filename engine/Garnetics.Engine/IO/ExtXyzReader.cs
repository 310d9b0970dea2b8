using System.Text;

namespace Garnetics.Engine.IO;

/// <summary>
/// Reader for extended XYZ files: a count line, a comment line of key=value pairs (Lattice="...", Properties=...,
/// optional Origin="x y z" and pbc="T T T"; values may be quoted), then one line per atom with the columns described
/// by Properties (species:S:1:pos:R:3 by default; recognised: species, pos, vel/velo/velocities, forces, charge, id).
/// General cells are rotated into the LAMMPS frame (positions, velocities and forces alike).
/// </summary>
public static class ExtXyzReader
{
    private enum Col { Skip, Species, Pos, Vel, Force, Charge, Id }

    private sealed record Prop(string Name, char Kind, int NCols, Col Role);

    public static StructureData Read(string path, StructureReadOptions? options = null)
    {
        options ??= StructureReadOptions.Default;
        int frame = options.Frame;
        if (frame < 0)
        {
            int n = CountFrames(path);
            if (-frame > n)
                throw new GarneticsException($"frame {frame} requested but '{path}' has only {n} frame(s)", new SourceLocation(path, 0, 0));
            frame = n + frame;
        }
        using var src = LineSource.Open(path);
        for (int f = 0; f < frame; f++)
        {
            int n = ReadCountLine(src, frame, f);
            src.Require($"the comment line of frame {f}");
            for (int i = 0; i < n; i++) src.Require($"{n - i} more atom lines in frame {f} ({i} of {n} read)");
        }
        int natoms = ReadCountLine(src, frame, frame);
        return ReadFrame(src, natoms, options);
    }

    /// <summary>All frames of the file in order, read in one pass.</summary>
    public static IEnumerable<StructureData> ReadAll(string path, StructureReadOptions? options = null)
    {
        options ??= StructureReadOptions.Default;
        using var src = LineSource.Open(path);
        for (int f = 0; ; f++)
        {
            var frame = ReadNextFrame(src, options, f);
            if (frame == null)
            {
                if (f == 0) throw src.EndOfFile("the atom count line (the file is empty)");
                yield break;
            }
            yield return frame;
        }
    }

    /// <summary>Number of frames in the file.</summary>
    public static int CountFrames(string path)
    {
        using var src = LineSource.Open(path);
        int frames = 0;
        while (true)
        {
            var line = src.NextNonBlank();
            if (line == null) return frames;
            src.PushBack();
            int n = ReadCountLine(src, frames, frames);
            src.Require($"the comment line of frame {frames}");
            for (int i = 0; i < n; i++) src.Require($"{n - i} more atom lines in frame {frames} ({i} of {n} read)");
            frames++;
        }
    }

    private static int ReadCountLine(LineSource src, int wanted, int current)
    {
        string? line = src.Next();
        // tolerate blank lines between frames
        while (line != null && line.Trim().Length == 0 && current > 0) line = src.Next();
        if (line == null)
        {
            if (current == 0) throw src.EndOfFile("the atom count line (the file is empty)");
            throw new GarneticsException($"frame {wanted} requested but the file has only {current} frame(s)",
                new SourceLocation(src.FileName, Math.Max(src.LineNumber, 1), 0, null));
        }
        var tok = LineSource.Tokenize(line, null);
        if (tok.Count != 1)
            throw src.Error($"expected the number of atoms alone on the line, found {tok.Count} words", tok.Count > 0 ? tok[0].Column : 1);
        if (!IoUtil.TryParseInt(tok[0].Text, out int n) || n < 0)
            throw src.Error($"bad number '{tok[0].Text}': expected the number of atoms (a non-negative integer)", tok[0]);
        return n;
    }

    /// <summary>
    /// Next frame of a stream (trajectory readers): skips blank lines, returns null at the end of the file.
    /// </summary>
    internal static StructureData? ReadNextFrame(LineSource src, StructureReadOptions options, int index)
    {
        var line = src.NextNonBlank();
        if (line == null) return null;
        src.PushBack();
        int natoms = ReadCountLine(src, index, index);
        return ReadFrame(src, natoms, options);
    }

    private static StructureData ReadFrame(LineSource src, int natoms, StructureReadOptions options)
    {
        string comment = src.Require("the comment line (key=value pairs with Lattice=\"...\")");
        int commentLine = src.LineNumber;
        var kv = ParseKeyValues(comment, out int[] columns, src, out bool structured);
        var d = new StructureData { Title = structured ? null : comment.Trim() };

        // properties
        var props = new List<Prop>();
        string? propSpec = Find(kv, "Properties");
        if (propSpec == null) props.AddRange([new("species", 'S', 1, Col.Species), new("pos", 'R', 3, Col.Pos)]);
        else props.AddRange(ParseProperties(propSpec, src, ColumnOf(kv, columns, "Properties")));
        int ncols = props.Sum(p => p.NCols);

        // cell
        double[,]? cell = null;
        if (Find(kv, "Lattice") is { } lat)
        {
            var parts = lat.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int col = ColumnOf(kv, columns, "Lattice");
            if (parts.Length != 9)
                throw src.Error($"Lattice must have 9 numbers (three cell vectors), found {parts.Length}", col, lat);
            cell = new double[3, 3];
            for (int k = 0; k < 9; k++)
            {
                if (!IoUtil.TryParseDouble(parts[k], out double v))
                    throw src.Error($"bad number '{parts[k]}' in Lattice", col, parts[k]);
                cell[k / 3, k % 3] = v;
            }
        }
        else if (options.DefaultCell != null) cell = options.DefaultCell;
        else
            throw src.Error("plain XYZ file without a cell: the comment line needs Lattice=\"ax ay az bx by bz cx cy cz\" (extended XYZ), or give a cell");

        (double, double, double) origin = default;
        if (Find(kv, "Origin") is { } org)
        {
            var parts = org.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int col = ColumnOf(kv, columns, "Origin");
            if (parts.Length != 3 || !IoUtil.TryParseDouble(parts[0], out double ox) || !IoUtil.TryParseDouble(parts[1], out double oy)
                || !IoUtil.TryParseDouble(parts[2], out double oz))
                throw src.Error("Origin must be three numbers", col, org);
            origin = (ox, oy, oz);
        }
        if (Find(kv, "pbc") is { } pbc)
        {
            var parts = pbc.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || parts.Any(p => !IsTrue(p) && !IsFalse(p)))
                throw src.Error("pbc must be three T/F flags", ColumnOf(kv, columns, "pbc"), pbc);
            if (parts.Any(IsFalse))
                throw src.Error($"non-periodic boundaries (pbc=\"{pbc}\") are not supported; the cell must be periodic in x, y and z",
                    ColumnOf(kv, columns, "pbc"), pbc);
        }
        foreach (var (k, v) in kv)
            if (!k.Equals("Lattice", StringComparison.OrdinalIgnoreCase) && !k.Equals("Properties", StringComparison.OrdinalIgnoreCase)
                && !k.Equals("Origin", StringComparison.OrdinalIgnoreCase) && !k.Equals("pbc", StringComparison.OrdinalIgnoreCase))
                d.Info[k] = v;

        Box box;
        double[,]? rot;
        try
        {
            (box, rot) = CellMath.BoxFromCell(cell, origin);
        }
        catch (GarneticsException e)
        {
            throw new GarneticsException($"invalid cell: {e.Message}", new SourceLocation(src.FileName, commentLine, 0, comment), inner: e);
        }
        d.Box = box;
        d.Rotation = rot;

        bool hasVel = props.Any(p => p.Role == Col.Vel), hasF = props.Any(p => p.Role == Col.Force);
        bool hasQ = props.Any(p => p.Role == Col.Charge), hasId = props.Any(p => p.Role == Col.Id);
        if (hasVel) d.Velocities = [];
        if (hasF) d.Forces = [];
        if (hasQ) d.Charges = [];
        var map = new TypeMap(options.Elements);
        bool? numericSpecies = null;
        int maxType = 0;
        var tags = new HashSet<int>();
        for (int i = 0; i < natoms; i++)
        {
            var line = src.Next() ?? throw src.EndOfFile($"{natoms - i} more atom lines ({i} of {natoms} read; truncated file or atom count mismatch)");
            var tok = LineSource.Tokenize(line, null);
            if (tok.Count != ncols)
                throw src.Error($"wrong number of columns: Properties describe {ncols} columns ({string.Join(":", props.Select(p => $"{p.Name}:{p.Kind}:{p.NCols}"))}), found {tok.Count}",
                    tok.Count > 0 ? tok[0].Column : 1);
            string? el = null;
            int type = 0, tag = i + 1;
            double q = 0;
            (double, double, double) pos = default, vel = default, frc = default;
            int c = 0;
            foreach (var p in props)
            {
                switch (p.Role)
                {
                    case Col.Species:
                        var t = tok[c];
                        bool numeric = IoUtil.TryParseInt(t.Text, out int tnum);
                        if (numericSpecies != null && numericSpecies != numeric)
                            throw src.Error($"species '{t.Text}' mixes element symbols and numeric types", t);
                        numericSpecies = numeric;
                        if (numeric)
                        {
                            if (tnum < 1) throw src.Error($"atom type {tnum} out of range: numeric species must be at least 1", t);
                            if (options.Elements is { Count: > 0 } els && tnum > els.Count)
                                throw src.Error($"atom type {tnum} out of range: the element list has {els.Count} elements", t);
                            type = tnum;
                            maxType = Math.Max(maxType, tnum);
                        }
                        else
                        {
                            el = PeriodicTable.NormalizeExact(t.Text)
                                ?? throw src.Error($"unknown element '{t.Text}' in the species column", t);
                            type = map.TypeOf(el)
                                ?? throw src.Error($"element '{el}' is not in the element list ({map.Describe()})", t);
                        }
                        break;
                    case Col.Pos: pos = Vec(src, tok, c, "position"); break;
                    case Col.Vel: vel = Vec(src, tok, c, "velocity"); break;
                    case Col.Force: frc = Vec(src, tok, c, "force"); break;
                    case Col.Charge: q = src.Double(tok[c], "a charge"); break;
                    case Col.Id:
                        tag = src.Int(tok[c], "an atom id");
                        if (tag < 1) throw src.Error($"atom id must be positive, got {tag}", tok[c]);
                        break;
                    default:
                        if (p.Kind == 'R')
                            for (int k = 0; k < p.NCols; k++) src.Double(tok[c + k], $"a number in column '{p.Name}'");
                        else if (p.Kind == 'I')
                            for (int k = 0; k < p.NCols; k++) src.Int(tok[c + k], $"an integer in column '{p.Name}'");
                        break;
                }
                c += p.NCols;
            }
            if (hasId && !tags.Add(tag)) throw src.Error($"duplicate atom id {tag}", tok[0]);
            var (x, y, z) = CellMath.Rotate(rot, pos);
            int idx = d.AddAtom(tag, type, el, x, y, z);
            if (hasVel) d.Velocities![idx] = CellMath.Rotate(rot, vel);
            if (hasF) d.Forces![idx] = CellMath.Rotate(rot, frc);
            if (hasQ) d.Charges![idx] = q;
        }
        // more atom lines than the count line says: the next line must be blank, the end, or the next frame's count
        int countLine = commentLine - 1;
        if (src.Next() is { } after && after.Trim().Length > 0)
        {
            var at = LineSource.Tokenize(after, null);
            if (at.Count != 1 || !IoUtil.TryParseInt(at[0].Text, out _))
                throw src.Error($"extra atom line after {natoms} atoms (atom count mismatch with line {countLine})", at[0]);
            src.PushBack(); // the next frame's count line, for readers that stream frames
        }
        if (numericSpecies == true)
        {
            int nt = Math.Max(maxType, options.Elements?.Count ?? 0);
            d.SetNTypes(Math.Max(nt, 1));
            if (options.Elements is { Count: > 0 } els)
            {
                var fixedMap = new TypeMap(els);
                for (int t = 1; t <= fixedMap.Order.Count; t++) d.TypeElements[t] = fixedMap.Order[t - 1];
                for (int i = 0; i < d.Count; i++) d.Elements[i] = d.TypeElements[d.Types[i]];
                d.FillMassesFromElements();
            }
        }
        else map.ApplyTo(d);
        return d;
    }

    private static (double, double, double) Vec(LineSource src, List<Token> tok, int c, string what) =>
        (src.Double(tok[c], $"the x component of the {what}"), src.Double(tok[c + 1], $"the y component of the {what}"),
            src.Double(tok[c + 2], $"the z component of the {what}"));

    private static bool IsTrue(string s) => s is "T" or "t" or "True" or "true" or "TRUE" or "1";
    private static bool IsFalse(string s) => s is "F" or "f" or "False" or "false" or "FALSE" or "0";

    private static string? Find(List<(string Key, string Value)> kv, string key)
    {
        foreach (var (k, v) in kv) if (k.Equals(key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    private static int ColumnOf(List<(string Key, string Value)> kv, int[] columns, string key)
    {
        for (int i = 0; i < kv.Count; i++) if (kv[i].Key.Equals(key, StringComparison.OrdinalIgnoreCase)) return columns[i];
        return 0;
    }

    private static List<Prop> ParseProperties(string spec, LineSource src, int column)
    {
        var parts = spec.Split(':');
        if (parts.Length % 3 != 0)
            throw src.Error($"Properties must be name:type:count triplets, found {parts.Length} fields", column, spec);
        var list = new List<Prop>();
        for (int i = 0; i < parts.Length; i += 3)
        {
            string name = parts[i];
            if (parts[i + 1].Length != 1 || "SRILsril".IndexOf(parts[i + 1][0]) < 0)
                throw src.Error($"Properties: type of '{name}' must be S, R, I or L, found '{parts[i + 1]}'", column, spec);
            char kind = char.ToUpperInvariant(parts[i + 1][0]);
            if (!IoUtil.TryParseInt(parts[i + 2], out int n) || n < 1)
                throw src.Error($"Properties: column count of '{name}' must be a positive integer, found '{parts[i + 2]}'", column, spec);
            Col role = name.ToLowerInvariant() switch
            {
                "species" or "element" or "symbols" => Col.Species,
                "pos" or "positions" => Col.Pos,
                "vel" or "velo" or "velocities" or "velocity" => Col.Vel,
                "forces" or "force" or "f" => Col.Force,
                "charge" or "charges" or "initial_charges" or "q" => Col.Charge,
                "id" => Col.Id,
                _ => Col.Skip,
            };
            (char wantKind, int wantN) = role switch
            {
                Col.Species => ('S', 1), Col.Pos or Col.Vel or Col.Force => ('R', 3), Col.Charge => ('R', 1), Col.Id => ('I', 1),
                _ => (kind, n),
            };
            if (kind != wantKind || n != wantN)
                throw src.Error($"Properties: '{name}' must be {name}:{wantKind}:{wantN}, found {name}:{kind}:{n}", column, spec);
            if (role != Col.Skip && list.Any(p => p.Role == role))
                throw src.Error($"Properties: '{name}' duplicates another column of the same meaning", column, spec);
            list.Add(new Prop(name, kind, n, role));
        }
        if (!list.Any(p => p.Role == Col.Species)) throw src.Error("Properties has no species column", column, spec);
        if (!list.Any(p => p.Role == Col.Pos)) throw src.Error("Properties has no pos column", column, spec);
        return list;
    }

    /// <summary>
    /// Parse an extended XYZ comment line into ordered key/value pairs. Values may be bare words or quoted with "...",
    /// '...' or {...}; a key without '=' means "T". <paramref name="structured"/> is false when the line does not look
    /// like key=value pairs (a plain XYZ comment).
    /// </summary>
    internal static List<(string Key, string Value)> ParseKeyValues(string line, out int[] columns, LineSource? src, out bool structured)
    {
        try
        {
            var r = ParseKeyValuesStrict(line, out columns);
            structured = r.Count > 0 && line.Contains('=');
            return r;
        }
        catch (FormatException e)
        {
            bool looksExtended = line.Contains("Lattice", StringComparison.OrdinalIgnoreCase) || line.Contains("Properties=", StringComparison.OrdinalIgnoreCase);
            if (looksExtended && src != null)
            {
                int col = e.Data["column"] is int c ? c : 0;
                throw src.Error($"malformed key=value comment line: {e.Message}", col);
            }
            columns = [];
            structured = false;
            return [];
        }
    }

    internal static List<(string Key, string Value)> ParseKeyValuesStrict(string line, out int[] columns)
    {
        var list = new List<(string, string)>();
        var cols = new List<int>();
        int i = 0, n = line.Length;
        while (true)
        {
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i >= n) break;
            int keyCol = i + 1;
            string key = ReadWord(line, ref i, stopAtEquals: true);
            if (key.Length == 0) throw Fmt($"empty key at column {i + 1}", i + 1);
            int j = i;
            while (j < n && char.IsWhiteSpace(line[j])) j++;
            string value = "T";
            if (j < n && line[j] == '=')
            {
                j++;
                while (j < n && char.IsWhiteSpace(line[j])) j++;
                if (j >= n) throw Fmt($"key '{key}' has '=' but no value", j + 1);
                i = j;
                value = ReadWord(line, ref i, stopAtEquals: false);
            }
            list.Add((key, value));
            cols.Add(keyCol);
        }
        columns = [.. cols];
        return list;
    }

    private static string ReadWord(string s, ref int i, bool stopAtEquals)
    {
        int n = s.Length;
        char c = s[i];
        if (c is '"' or '\'' or '{' or '[')
        {
            char close = c switch { '{' => '}', '[' => ']', _ => c };
            int start = i + 1;
            var sb = new StringBuilder();
            int k = start;
            while (k < n && s[k] != close)
            {
                if (s[k] == '\\' && k + 1 < n && (c is '"' or '\'')) { sb.Append(s[k + 1]); k += 2; continue; }
                sb.Append(s[k]);
                k++;
            }
            if (k >= n) throw Fmt($"unterminated {c}...{close} quote starting at column {i + 1}", i + 1);
            i = k + 1;
            string v = sb.ToString();
            return c is '[' or '{' ? v.Replace(',', ' ') : v;
        }
        int st = i;
        while (i < n && !char.IsWhiteSpace(s[i]) && !(stopAtEquals && s[i] == '=')) i++;
        return s[st..i];
    }

    private static FormatException Fmt(string msg, int column)
    {
        var e = new FormatException(msg);
        e.Data["column"] = column;
        return e;
    }
}
