namespace Garnetics.Engine.IO;

/// <summary>
/// Reader for VASP POSCAR/CONTCAR files: comment, scale (one factor, negative = target volume, or three per-axis
/// factors), three lattice vectors, element line (VASP 5; optional), counts, optional "Selective dynamics", then
/// "Direct" or "Cartesian" and one line per atom. Anything after the positions (CONTCAR velocities) is ignored.
/// </summary>
public static class PoscarReader
{
    public static StructureData Read(string path, StructureReadOptions? options = null)
    {
        options ??= StructureReadOptions.Default;
        using var src = LineSource.Open(path);
        var d = new StructureData { Title = src.Require("the comment line (the file is empty)").Trim() };

        // scale
        var tok = Tokens(src, "the scale factor line");
        if (tok.Count != 1 && tok.Count != 3)
            throw src.Error($"wrong number of columns on the scale line: expected 1 (scale or -volume) or 3 (per-axis scales), found {tok.Count}", tok[0]);
        var scale = tok.Select(t => src.Double(t, "a scale factor")).ToArray();
        if (scale.Any(s => s == 0)) throw src.Error("scale factor must not be zero", tok[0]);
        if (scale.Length == 3 && scale.Any(s => s < 0))
            throw src.Error("per-axis scale factors must be positive", tok[0]);
        int scaleLine = src.LineNumber;
        string scaleText = src.Current!;

        // lattice
        var cell = new double[3, 3];
        for (int r = 0; r < 3; r++)
        {
            tok = Tokens(src, $"lattice vector {r + 1}");
            if (tok.Count < 3)
                throw src.Error($"wrong number of columns for lattice vector {r + 1}: expected 3 numbers, found {tok.Count}", tok[0]);
            for (int k = 0; k < 3; k++) cell[r, k] = src.Double(tok[k], $"component {k + 1} of lattice vector {r + 1}");
        }
        double[] s3;
        if (scale.Length == 1 && scale[0] < 0)
        {
            double vol = Det(cell);
            if (Math.Abs(vol) < 1e-300) throw src.Error("lattice vectors are linearly dependent (zero volume)");
            double f = Math.Cbrt(-scale[0] / Math.Abs(vol));
            s3 = [f, f, f];
        }
        else s3 = scale.Length == 1 ? [scale[0], scale[0], scale[0]] : scale;
        for (int r = 0; r < 3; r++)
            for (int k = 0; k < 3; k++) cell[r, k] *= s3[k];

        // elements and counts
        tok = Tokens(src, "the element line or the atom counts");
        List<string>? symbols = null;
        List<Token> elementTokens = tok;
        int elementLine = src.LineNumber;
        if (!IoUtil.TryParseInt(tok[0].Text, out _))
        {
            symbols = [];
            foreach (var t in tok)
            {
                // VASP writes e.g. "Li_sv" or "Li/abc123" (POTCAR variants): keep the element part
                string sym = t.Text.Split('_', '/')[0];
                symbols.Add(PeriodicTable.NormalizeExact(sym) ?? throw src.Error($"unknown element '{t.Text}' on the element line", t));
            }
            tok = Tokens(src, "the atom counts line");
        }
        var counts = new List<int>();
        foreach (var t in tok)
        {
            int c = src.Int(t, "an atom count");
            if (c < 0) throw src.Error($"atom count must not be negative, got {c}", t);
            counts.Add(c);
        }
        if (symbols != null && symbols.Count != counts.Count)
            throw src.Error($"wrong number of columns: the element line names {symbols.Count} elements but the counts line has {counts.Count} counts", tok[0]);
        int natoms = counts.Sum();

        // selective dynamics / coordinate mode
        string mode = src.Require("'Direct' or 'Cartesian'").Trim();
        bool selective = false;
        if (mode.Length > 0 && (mode[0] == 'S' || mode[0] == 's'))
        {
            selective = true;
            mode = src.Require("'Direct' or 'Cartesian'").Trim();
        }
        if (mode.Length == 0 || !char.IsAsciiLetter(mode[0]))
            throw src.Error($"expected 'Direct' or 'Cartesian', found '{mode}'", 1, mode);
        bool cartesian = mode[0] is 'C' or 'c' or 'K' or 'k';
        if (!cartesian && mode[0] is not ('D' or 'd'))
            throw src.Error($"expected 'Direct' or 'Cartesian', found '{mode}'", 1, mode);

        Box box;
        double[,]? rot;
        try
        {
            (box, rot) = CellMath.BoxFromCell(cell);
        }
        catch (GarneticsException e)
        {
            throw new GarneticsException($"invalid lattice: {e.Message}", new SourceLocation(src.FileName, scaleLine, 0, scaleText), inner: e);
        }
        d.Box = box;

        var map = new TypeMap(options.Elements);
        if (symbols == null && options.Elements is { Count: > 0 } els && els.Count < counts.Count)
            throw new GarneticsException($"POSCAR without an element line has {counts.Count} species but the element list names {els.Count}",
                new SourceLocation(src.FileName, elementLine, 0, null));
        int species = 0, left = counts.Count > 0 ? counts[0] : 0;
        for (int i = 0; i < natoms; i++)
        {
            while (left == 0) { species++; left = counts[species]; }
            left--;
            var line = src.Next() ?? throw src.EndOfFile($"{natoms - i} more position lines ({i} of {natoms} read; truncated file or atom count mismatch)");
            var pt = LineSource.Tokenize(line.Replace('!', '#'));
            int need = selective ? 6 : 3;
            if (pt.Count < need)
                throw src.Error($"wrong number of columns: expected {(selective ? "3 coordinates and 3 T/F flags" : "3 coordinates")}, found {pt.Count}",
                    pt.Count > 0 ? pt[0].Column : 1);
            double a = src.Double(pt[0], "a coordinate"), b = src.Double(pt[1], "a coordinate"),
                c = src.Double(pt[2], "a coordinate");
            if (selective)
                for (int k = 3; k < 6; k++)
                    if (pt[k].Text is not ("T" or "F" or "t" or "f"))
                        throw src.Error($"expected a selective-dynamics flag T or F, found '{pt[k].Text}'", pt[k]);
            (double, double, double) x = cartesian
                ? (a * s3[0], b * s3[1], c * s3[2])
                : (a * cell[0, 0] + b * cell[1, 0] + c * cell[2, 0],
                   a * cell[0, 1] + b * cell[1, 1] + c * cell[2, 1],
                   a * cell[0, 2] + b * cell[1, 2] + c * cell[2, 2]);
            var (px, py, pz) = CellMath.Rotate(rot, x);
            string? el;
            int type;
            if (symbols != null)
            {
                el = symbols[species];
                type = map.TypeOf(el) ?? throw new GarneticsException(
                    $"element '{el}' is not in the element list ({map.Describe()})",
                    new SourceLocation(src.FileName, elementLine, elementTokens[species].Column, null), el);
            }
            else if (options.Elements is { Count: > 0 } list)
            {
                el = PeriodicTable.NormalizeExact(list[species]);
                type = species + 1;
            }
            else
            {
                el = null;
                type = species + 1;
            }
            d.AddAtom(i + 1, type, el, px, py, pz);
        }
        // a further position-like line right after the last atom means the counts are too small (CONTCAR velocity
        // blocks follow a blank line and are ignored)
        if (src.Next() is { } extra)
        {
            var et = LineSource.Tokenize(extra.Replace('!', '#'));
            if (et.Count >= 3 && et.Take(3).All(t => IoUtil.TryParseDouble(t.Text, out _)))
                throw src.Error($"extra position line after {natoms} atoms (atom count mismatch with the counts line)", et[0]);
        }
        if (symbols != null) map.ApplyTo(d);
        else
        {
            d.SetNTypes(Math.Max(counts.Count, Math.Max(1, options.Elements?.Count ?? 0)));
            if (options.Elements is { Count: > 0 } list)
            {
                var fixedMap = new TypeMap(list);
                for (int t = 1; t <= fixedMap.Order.Count; t++) d.TypeElements[t] = fixedMap.Order[t - 1];
                d.FillMassesFromElements();
            }
        }
        return d;
    }

    private static List<Token> Tokens(LineSource src, string expected)
    {
        var line = src.Require(expected);
        var tok = LineSource.Tokenize(line.Replace('!', '#'));
        if (tok.Count == 0) throw src.Error($"blank line where {expected} was expected", 1);
        return tok;
    }

    private static double Det(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1])
        - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
}
