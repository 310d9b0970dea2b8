namespace Garnetics.Engine.IO;

/// <summary>Trajectory file formats read by <see cref="TrajectoryReader"/>.</summary>
public enum TrajectoryFormat
{
    /// <summary>Decided from the first line: "ITEM:" is a LAMMPS dump, an integer an extended XYZ file.</summary>
    Auto,
    /// <summary>LAMMPS text dump (custom or atom style).</summary>
    Native,
    /// <summary>Extended XYZ (multi-frame).</summary>
    ExtXyz,
}

/// <summary>
/// One snapshot of a trajectory in the LAMMPS frame. <see cref="X"/> are Cartesian positions as given by the file
/// (not wrapped; from scaled coordinates converted with the frame's box); <see cref="Image"/> holds ix iy iz when
/// the file has them.
/// </summary>
public sealed class TrajectoryFrame
{
    public long Step { get; init; }
    /// <summary>Simulated time when the file states it (ITEM: TIME, extended XYZ Time=).</summary>
    public double? Time { get; init; }
    public required Box Box { get; init; }
    public required int[] Tags { get; init; }
    /// <summary>Interleaved x y z, length 3·Count.</summary>
    public required double[] X { get; init; }
    public int[]? Image { get; init; }
    public double[]? V { get; init; }
    /// <summary>Atom types when the file has a type column (LAMMPS dump).</summary>
    public int[]? Types { get; init; }
    /// <summary>Element symbols when the file names them (extended XYZ species, dump element column).</summary>
    public string?[]? Elements { get; init; }
    /// <summary>Which coordinate columns the positions came from: x, xs, xu or xsu (pos for extended XYZ).</summary>
    public string CoordinateKind { get; init; } = "x";
    /// <summary>File and line of the frame's first line, for error messages.</summary>
    public required SourceLocation Location { get; init; }
    /// <summary>Line of each atom (for error messages), same order as <see cref="Tags"/>.</summary>
    public int[]? AtomLines { get; init; }
    public int Count => Tags.Length;
}

/// <summary>
/// Streams the frames of a LAMMPS text dump or an extended XYZ trajectory one at a time.
/// LAMMPS dumps: ITEM: TIMESTEP, optional ITEM: TIME / ITEM: UNITS, ITEM: NUMBER OF ATOMS, ITEM: BOX BOUNDS (orthogonal
/// "pp pp pp" or triclinic "xy xz yz pp pp pp" with bounding-box bounds and tilts, converted back to xlo/xhi as LAMMPS
/// does), ITEM: ATOMS with named columns. The id column is required; positions come from x y z, else xs ys zs (scaled),
/// else xu yu zu (unwrapped), else xsu ysu zsu; ix iy iz, vx vy vz, type and element are read when present.
/// Extended XYZ: see <see cref="ExtXyzReader"/> (general cells rotated into the LAMMPS frame, id column optional:
/// atoms are numbered 1..N in file order without it; Timestep= and Time= keys are used when present).
/// </summary>
public sealed class TrajectoryReader : IDisposable
{
    private readonly LineSource _src;
    private int _index;

    public TrajectoryFormat Format { get; }

    private TrajectoryReader(LineSource src, TrajectoryFormat format)
    {
        _src = src;
        Format = format;
    }

    public static TrajectoryReader Open(string path, TrajectoryFormat format = TrajectoryFormat.Auto)
    {
        if (format == TrajectoryFormat.Auto) format = Detect(path);
        return new TrajectoryReader(LineSource.Open(path), format);
    }

    /// <summary>Format from the first non-blank line: "ITEM:" → LAMMPS dump, an integer → extended XYZ.</summary>
    public static TrajectoryFormat Detect(string path)
    {
        using var src = LineSource.Open(path);
        var line = src.NextNonBlank();
        if (line == null) throw new GarneticsException($"trajectory file '{path}' is empty", new SourceLocation(path, 0, 0));
        var t = line.Trim();
        if (t.StartsWith("ITEM:", StringComparison.Ordinal)) return TrajectoryFormat.Native;
        if (IoUtil.TryParseInt(t, out _)) return TrajectoryFormat.ExtXyz;
        throw new GarneticsException("cannot tell the trajectory format: the first line is neither 'ITEM: ...' (LAMMPS dump) nor an atom count (extended XYZ); give 'format native' or 'format extxyz'",
            new SourceLocation(path, src.LineNumber, 1, line));
    }

    /// <summary>The next frame, or null at the end of the file.</summary>
    public TrajectoryFrame? Next()
    {
        var f = Format == TrajectoryFormat.ExtXyz ? NextExtXyz() : NextNative();
        if (f != null) _index++;
        return f;
    }

    // ---------------------------------------------------------------- extended XYZ

    private TrajectoryFrame? NextExtXyz()
    {
        int line0 = _src.LineNumber + 1;
        var d = ExtXyzReader.ReadNextFrame(_src, StructureReadOptions.Default, _index);
        if (d == null) return null;
        var loc = new SourceLocation(_src.FileName, line0, 0);
        int n = d.Count;
        var x = new double[3 * n];
        for (int i = 0; i < n; i++) (x[3 * i], x[3 * i + 1], x[3 * i + 2]) = d.Positions[i];
        double[]? v = null;
        if (d.Velocities != null)
        {
            v = new double[3 * n];
            for (int i = 0; i < n; i++) (v[3 * i], v[3 * i + 1], v[3 * i + 2]) = d.Velocities[i];
        }
        long step = _index;
        if (d.Info.TryGetValue("Timestep", out var ts) || d.Info.TryGetValue("timestep", out ts) || d.Info.TryGetValue("step", out ts))
        {
            if (!IoUtil.TryParseLong(ts, out step))
                throw new GarneticsException($"extended XYZ frame {_index}: Timestep '{ts}' is not an integer", loc, ts);
        }
        double? time = null;
        if (d.Info.TryGetValue("Time", out var tm) || d.Info.TryGetValue("time", out tm))
        {
            if (!IoUtil.TryParseDouble(tm, out double tv))
                throw new GarneticsException($"extended XYZ frame {_index}: Time '{tm}' is not a number", loc, tm);
            time = tv;
        }
        var lines = new int[n];
        for (int i = 0; i < n; i++) lines[i] = line0 + 2 + i;
        return new TrajectoryFrame
        {
            Step = step, Time = time, Box = d.Box, Tags = [.. d.Tags], X = x, V = v,
            Elements = [.. d.Elements], CoordinateKind = "pos", Location = loc, AtomLines = lines,
        };
    }

    // ---------------------------------------------------------------- LAMMPS dump

    private GarneticsException Err(string msg, int column = 0, string? offending = null) => _src.Error(msg, column, offending);

    private TrajectoryFrame? NextNative()
    {
        var line = _src.NextNonBlank();
        if (line == null) return null;
        var loc = _src.Here(1);
        long? step = null;
        double? time = null;
        int natoms = -1;
        Box? box = null;
        List<Token>? cols = null;
        while (true)
        {
            var t = line!.Trim();
            if (!t.StartsWith("ITEM:", StringComparison.Ordinal))
                throw Err($"expected an 'ITEM: ...' line of a LAMMPS dump (frame {_index}), found '{Short(t)}'", 1);
            string item = t[5..].Trim();
            if (item == "TIMESTEP")
            {
                var s = _src.Require("the timestep after ITEM: TIMESTEP").Trim();
                if (!IoUtil.TryParseLong(s, out long st)) throw Err($"bad timestep '{s}': expected an integer", 1, s);
                step = st;
            }
            else if (item == "TIME")
            {
                var s = _src.Require("the time after ITEM: TIME").Trim();
                if (!IoUtil.TryParseDouble(s, out double tv)) throw Err($"bad time '{s}': expected a number", 1, s);
                time = tv;
            }
            else if (item == "UNITS") _src.Require("the units after ITEM: UNITS");
            else if (item == "NUMBER OF ATOMS")
            {
                var s = _src.Require("the atom count after ITEM: NUMBER OF ATOMS").Trim();
                if (!IoUtil.TryParseInt(s, out natoms) || natoms < 0) throw Err($"bad atom count '{s}': expected a non-negative integer", 1, s);
            }
            else if (item.StartsWith("BOX BOUNDS", StringComparison.Ordinal)) box = ReadBounds(item[10..]);
            else if (item.StartsWith("ATOMS", StringComparison.Ordinal))
            {
                cols = LineSource.Tokenize(line, null).Skip(2).ToList();
                break;
            }
            else throw Err($"unknown dump item 'ITEM: {item}' (expected TIMESTEP, TIME, UNITS, NUMBER OF ATOMS, BOX BOUNDS or ATOMS)", 1);
            line = _src.Require("the next 'ITEM:' line of the dump header");
        }
        if (step == null) throw Err("ITEM: ATOMS before ITEM: TIMESTEP in this frame");
        if (natoms < 0) throw Err("ITEM: ATOMS before ITEM: NUMBER OF ATOMS in this frame");
        if (box == null) throw Err("ITEM: ATOMS before ITEM: BOX BOUNDS in this frame");
        var names = cols.Select(c => c.Text).ToList();
        int Col(string n) => names.IndexOf(n);
        int cid = Col("id");
        if (cid < 0) throw Err("the dump has no 'id' column (rerun matches atoms by ID)", 1);
        string kind;
        int[] cx;
        if (Col("x") >= 0) { kind = "x"; cx = [Col("x"), Col("y"), Col("z")]; }
        else if (Col("xs") >= 0) { kind = "xs"; cx = [Col("xs"), Col("ys"), Col("zs")]; }
        else if (Col("xu") >= 0) { kind = "xu"; cx = [Col("xu"), Col("yu"), Col("zu")]; }
        else if (Col("xsu") >= 0) { kind = "xsu"; cx = [Col("xsu"), Col("ysu"), Col("zsu")]; }
        else throw Err("the dump has no coordinate columns (expected x y z, xs ys zs, xu yu zu or xsu ysu zsu)", 1);
        if (cx.Any(c => c < 0)) throw Err($"the dump has '{kind}' but not all three of its coordinate columns", 1);
        int[] ci = [Col("ix"), Col("iy"), Col("iz")];
        bool hasImage = ci.All(c => c >= 0);
        int[] cv = [Col("vx"), Col("vy"), Col("vz")];
        bool hasV = cv.All(c => c >= 0);
        int ct = Col("type"), ce = Col("element");
        var tags = new int[natoms];
        var x = new double[3 * natoms];
        var img = hasImage ? new int[3 * natoms] : null;
        var v = hasV ? new double[3 * natoms] : null;
        var types = ct >= 0 ? new int[natoms] : null;
        var els = ce >= 0 ? new string?[natoms] : null;
        var lines = new int[natoms];
        bool scaled = kind is "xs" or "xsu";
        for (int i = 0; i < natoms; i++)
        {
            var l = _src.Next() ?? throw _src.EndOfFile($"{natoms - i} more atom lines ({i} of {natoms} read; truncated dump?)");
            lines[i] = _src.LineNumber;
            var tok = LineSource.Tokenize(l, null);
            if (tok.Count != names.Count)
            {
                if (tok.Count > 0 && tok[0].Text == "ITEM:")
                    throw Err($"ITEM line after {i} atom lines: the frame declares {natoms} atoms", 1);
                throw Err($"wrong number of columns: ITEM: ATOMS names {names.Count}, found {tok.Count}", tok.Count > 0 ? tok[0].Column : 1);
            }
            tags[i] = _src.Int(tok[cid], "an atom id");
            if (tags[i] < 1) throw _src.Error($"atom id must be positive, got {tags[i]}", tok[cid]);
            double a = _src.Double(tok[cx[0]], "a coordinate"), b = _src.Double(tok[cx[1]], "a coordinate"),
                c = _src.Double(tok[cx[2]], "a coordinate");
            if (scaled) box.FromLamda(a, b, c, out a, out b, out c);
            x[3 * i] = a; x[3 * i + 1] = b; x[3 * i + 2] = c;
            if (img != null)
                for (int k = 0; k < 3; k++) img[3 * i + k] = _src.Int(tok[ci[k]], "an image flag");
            if (v != null)
                for (int k = 0; k < 3; k++) v[3 * i + k] = _src.Double(tok[cv[k]], "a velocity component");
            if (types != null)
            {
                types[i] = _src.Int(tok[ct], "an atom type");
                if (types[i] < 1) throw _src.Error($"atom type must be positive, got {types[i]}", tok[ct]);
            }
            if (els != null) els[i] = PeriodicTable.NormalizeExact(tok[ce].Text);
        }
        return new TrajectoryFrame
        {
            Step = step.Value, Time = time, Box = box, Tags = tags, X = x, Image = img, V = v, Types = types, Elements = els,
            CoordinateKind = kind, Location = loc, AtomLines = lines,
        };
    }

    private static string Short(string s) => s.Length > 40 ? s[..40] + "..." : s;

    /// <summary>BOX BOUNDS: three lines "lo hi [tilt]"; triclinic bounds are the bounding box, converted back as LAMMPS does.</summary>
    private Box ReadBounds(string flags)
    {
        var f = flags.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        bool tri = f.Length >= 3 && f[0] == "xy" && f[1] == "xz" && f[2] == "yz";
        if (tri ? f.Length != 6 : f.Length != 3 && f.Length != 0)
            throw Err($"ITEM: BOX BOUNDS must be followed by three boundary flags (pp pp pp), or 'xy xz yz' and three flags for a triclinic box, found '{flags.Trim()}'", 1);
        var v = new double[3, 3];
        for (int d = 0; d < 3; d++)
        {
            var l = _src.Require($"box bounds line {d + 1} of 3");
            var tok = LineSource.Tokenize(l, null);
            int want = tri ? 3 : 2;
            if (tok.Count != want)
                throw Err($"box bounds line {d + 1}: expected {want} numbers ({(tri ? "lo hi tilt" : "lo hi")}), found {tok.Count}", tok.Count > 0 ? tok[0].Column : 1);
            for (int k = 0; k < want; k++) v[d, k] = _src.Double(tok[k], "a box bound");
        }
        var box = new Box { Defined = true };
        if (!tri)
        {
            box.XLo = v[0, 0]; box.XHi = v[0, 1]; box.YLo = v[1, 0]; box.YHi = v[1, 1]; box.ZLo = v[2, 0]; box.ZHi = v[2, 1];
        }
        else
        {
            double xy = v[0, 2], xz = v[1, 2], yz = v[2, 2];
            box.XLo = v[0, 0] - Math.Min(0.0, Math.Min(xy, Math.Min(xz, xy + xz)));
            box.XHi = v[0, 1] - Math.Max(0.0, Math.Max(xy, Math.Max(xz, xy + xz)));
            box.YLo = v[1, 0] - Math.Min(0.0, yz);
            box.YHi = v[1, 1] - Math.Max(0.0, yz);
            box.ZLo = v[2, 0]; box.ZHi = v[2, 1];
            box.XY = xy; box.XZ = xz; box.YZ = yz;
            box.Triclinic = true;
        }
        if (f.Length >= 3)
        {
            var bf = tri ? f[3..] : f;
            for (int d = 0; d < 3; d++)
                if (bf[d] != "pp")
                    throw Err($"boundary '{bf[d]}' in ITEM: BOX BOUNDS: only periodic boxes (pp pp pp) are supported", 1, bf[d]);
        }
        try { box.SetGlobal(); }
        catch (GarneticsException e) { throw Err($"invalid box in ITEM: BOX BOUNDS: {e.Message}", 1); }
        return box;
    }

    public void Dispose() => _src.Dispose();
}
