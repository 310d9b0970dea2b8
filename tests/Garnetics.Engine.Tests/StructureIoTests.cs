namespace Garnetics.Engine.Tests;

public sealed class StructureIoTests() : TempDirTest("io")
{

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary><paramref name="text"/> written as <paramref name="file"/>: reading it fails there at <paramref name="line"/> (<see cref="AssertError"/>).</summary>
    private GarneticsException AssertReadError(Func<string, StructureReadOptions?, StructureData> read, string file, string text, int line,
        string messagePart, StructureReadOptions? options = null)
    {
        string p = WriteFile(file, text);
        return AssertError(() => read(p, options), p, line, messagePart);
    }

    /// <summary>The error must name the file and the line (both in Location and in the printed message).</summary>
    private static GarneticsException AssertError(Action act, string path, int line, string? messagePart = null)
    {
        var e = Assert.Throws<GarneticsException>(act);
        string name = Path.GetFileName(path);
        Assert.NotNull(e.Location);
        Assert.EndsWith(name, e.Location!.File);
        Assert.Equal(line, e.Location.Line);
        Assert.Contains($"{name}:{line}", e.Describe());
        if (messagePart != null) Assert.Contains(messagePart, e.Message, StringComparison.OrdinalIgnoreCase);
        return e;
    }

    // ------------------------------------------------------------------ CIF

    [Fact]
    public void Cif_TLlzo_Gives192AtomsWithCompositionAndCell()
    {
        var d = CifReader.Read(LlzoData.TetragonalCif);
        Assert.Equal(192, d.Count);
        var comp = d.Composition();
        Assert.Equal(56, comp["Li"]);
        Assert.Equal(24, comp["La"]);
        Assert.Equal(16, comp["Zr"]);
        Assert.Equal(96, comp["O"]);
        Assert.Equal(4, comp.Count);
        Assert.Equal(13.236, d.Box.Lx, 3);
        Assert.Equal(13.236, d.Box.Ly, 3);
        Assert.Equal(12.702, d.Box.Lz, 3);
        Assert.False(d.Box.Triclinic);
        Assert.Equal(13.23607, d.Box.Lx, 12);
        Assert.Equal(12.701706, d.Box.Lz, 12);
        // types in order of first appearance, masses from the element table
        Assert.Equal(4, d.NTypes);
        Assert.Equal(new string?[] { "Li", "La", "Zr", "O" }, d.TypeElements.Skip(1).ToArray());
        Assert.Equal(6.94, d.Masses[1]!.Value, 6);
        Assert.Equal(15.999, d.Masses[4]!.Value, 6);
        // all atoms inside the box, no two atoms closer than 1.5 Angstrom (minimum image)
        for (int i = 0; i < d.Count; i++)
        {
            var (x, y, z) = d.Positions[i];
            Assert.InRange(x, 0, d.Box.Lx); Assert.InRange(y, 0, d.Box.Ly); Assert.InRange(z, 0, d.Box.Lz);
        }
        double minD = double.MaxValue;
        for (int i = 0; i < d.Count; i++)
            for (int j = i + 1; j < d.Count; j++) minD = Math.Min(minD, MinImage(d.Box, d.Positions[i], d.Positions[j]));
        Assert.InRange(minD, 1.5, 3.0);
    }

    [Fact]
    public void Cif_TLlzo_KnownAtomPositions()
    {
        var d = CifReader.Read(LlzoData.TetragonalCif);
        // First atom: site Li0 under the identity, fract (0.08051550, 0.16246550, 0.93085650) times a, a, c (by hand).
        var p0 = d.Positions[0];
        Assert.Equal(0.08051550 * 13.23607, p0.X, 12);
        Assert.Equal(0.16246550 * 13.23607, p0.Y, 12);
        Assert.Equal(0.93085650 * 12.70170600, p0.Z, 12);
        Assert.Equal("Li", d.Elements[0]);
        // Reference values computed independently with numpy from the CIF (symmetry op 2 '-y, x+1/2, z+1/4' on Li0,
        // wrapped into [0,1); and the 101st generated atom, O6 under op 5 'x+1/2, -y, -z+1/4').
        AssertHasAtom(d, "Li", 11.085665269415, 7.683743794084999, 2.297186091189);
        Assert.Equal(11.085665269415, d.Positions[1].X, 9);
        Assert.Equal(7.683743794084999, d.Positions[1].Y, 9);
        Assert.Equal(2.297186091189, d.Positions[1].Z, 9);
        Assert.Equal("O", d.Elements[100]);
        Assert.Equal(7.07621479912, d.Positions[100].X, 9);
        Assert.Equal(4.043394371809999, d.Positions[100].Y, 9);
        Assert.Equal(9.890869269024, d.Positions[100].Z, 9);
    }

    [Fact]
    public void Cif_ElementListSetsTypes_AndUnlistedElementIsAnError()
    {
        string path = LlzoData.TetragonalCif;
        var d = CifReader.Read(path, new StructureReadOptions { Elements = ["O", "La", "Zr", "Li", "Al"] });
        Assert.Equal(5, d.NTypes);
        Assert.Equal(4, d.Types[0]);
        Assert.Equal("Al", d.TypeElements[5]);
        Assert.Equal(26.9815385, d.Masses[5]!.Value, 6);
        var e = Assert.Throws<GarneticsException>(() => CifReader.Read(path, new StructureReadOptions { Elements = ["O", "La", "Zr"] }));
        Assert.Contains("Li", e.Message);
        Assert.Contains("t-llzo-dft.cif", e.Describe());
    }

    [Fact]
    public void Cif_SymmetryOperationParsing()
    {
        var op = CifReader.ParseOperation("-y+1/2, x, z+1/4");
        Assert.Equal((0.5 - 0.2, 0.1, 0.3 + 0.25), Round(op.Apply(0.1, 0.2, 0.3)));
        op = CifReader.ParseOperation("x-y, 1/2+X, -z+0.75");
        Assert.Equal((-0.1, 0.6, 0.45), Round(op.Apply(0.1, 0.2, 0.3)));
        Assert.Throws<FormatException>(() => CifReader.ParseOperation("x, y"));
        Assert.Throws<FormatException>(() => CifReader.ParseOperation("x, y, w"));
    }

    private static (double, double, double) Round((double A, double B, double C) v) =>
        (Math.Round(v.A, 12), Math.Round(v.B, 12), Math.Round(v.C, 12));

    private static readonly string SmallCif = TestSystems.BodyCentredCif("""
        data_test
        _cell_length_a   4.0
        _cell_length_b   4.0
        _cell_length_c   4.0(2)
        _cell_angle_alpha   90
        _cell_angle_beta   90
        _cell_angle_gamma   90
        """, "_space_group_symop_operation_xyz", """
          Li1  Li  0.1000(3)  0.2  0.3  1.0
          O1  O2-  0  0  0  1
        """);

    [Fact]
    public void Cif_SmallCellWithUncertainties()
    {
        var d = CifReader.Read(WriteFile("small.cif", SmallCif));
        // Li: 4 distinct positions; O at origin: 2 (0 and body centre)
        Assert.Equal(6, d.Count);
        Assert.Equal(4, d.Composition()["Li"]);
        Assert.Equal(2, d.Composition()["O"]);
        Assert.Equal(4.0, d.Box.Lz);
        AssertHasAtom(d, "Li", 0.4, 0.8, 1.2);
        AssertHasAtom(d, "Li", 4 - 0.4, 4 - 0.8, 4 - 1.2);
        AssertHasAtom(d, "Li", 2.4, 2.8, 3.2);
        AssertHasAtom(d, "O", 2, 2, 2);
    }

    [Fact]
    public void Cif_PartialOccupancyIsAClearError()
    {
        var e = AssertReadError(CifReader.Read, "partial.cif", SmallCif.Replace("Li1  Li  0.1000(3)  0.2  0.3  1.0", "Li1  Li  0.1000(3)  0.2  0.3  0.5625"), 21, "partial occupancy");
        Assert.Contains("Li1", e.Message);
        Assert.Contains("occupancy seed", e.Message);
    }

    [Fact]
    public void Cif_BadNumberAndWrongColumnCount()
    {
        AssertReadError(CifReader.Read, "badnum.cif", SmallCif.Replace("0.1000(3)", "0.1x00"), 21, "bad number");
        AssertReadError(CifReader.Read, "badcols.cif", SmallCif.Replace("O1  O2-  0  0  0  1", "O1  O2-  0  0  0"), 22, "wrong number of columns");
        AssertReadError(CifReader.Read, "nocell.cif", SmallCif.Replace("_cell_length_b   4.0\n", ""), 1, "_cell_length_b");
    }

    // ------------------------------------------------------------------ extended XYZ

    [Fact]
    public void Xyz_CLlzo_12288Atoms()
    {
        var d = ExtXyzReader.Read(LlzoData.Cubic12288Xyz);
        Assert.Equal(12288, d.Count);
        var comp = d.Composition();
        Assert.Equal(3584, comp["Li"]);
        Assert.Equal(1536, comp["La"]);
        Assert.Equal(1024, comp["Zr"]);
        Assert.Equal(6144, comp["O"]);
        Assert.False(d.Box.Triclinic);
        Assert.Equal(52.29502375, d.Box.Lx);
        Assert.Equal(52.28970962, d.Box.Ly);
        Assert.Equal(52.27894477, d.Box.Lz);
        Assert.Equal((6.73699269, 3.50021634, 14.41761083), d.Positions[0]);
        Assert.Equal(Enumerable.Range(1, 12288), d.Tags);
        Assert.True(d.Info.ContainsKey("energy"));
        Assert.Contains(" ", d.Info["virial"]);
    }

    /// <summary>A general (not lower-triangular), right-handed triclinic cell with random atoms and velocities.</summary>
    private (string Path, double[,] Cell, List<(double, double, double)> Pos, List<(double, double, double)> Vel, List<(double, double, double)> Frac)
        WriteGeneralTriclinicXyz(string name, int n = 40, int seed = 7)
    {
        var cell = new double[,] { { 5.1, 0.3, -0.2 }, { 1.2, 4.8, 0.5 }, { -0.7, 0.9, 6.3 } };
        var rng = new Random(seed);
        var pos = new List<(double, double, double)>();
        var vel = new List<(double, double, double)>();
        var frac = new List<(double, double, double)>();
        var sb = new System.Text.StringBuilder();
        sb.Append(n).Append('\n');
        sb.Append("Lattice=\"");
        sb.Append(string.Join(" ", Enumerable.Range(0, 9).Select(k => F(cell[k / 3, k % 3]))));
        sb.Append("\" Properties=species:S:1:pos:R:3:vel:R:3 comment='a test' pbc=\"T T T\"\n");
        string[] els = ["Li", "La", "Zr", "O"];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble(), c = rng.NextDouble();
            var p = (a * cell[0, 0] + b * cell[1, 0] + c * cell[2, 0], a * cell[0, 1] + b * cell[1, 1] + c * cell[2, 1],
                a * cell[0, 2] + b * cell[1, 2] + c * cell[2, 2]);
            var v = (rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
            pos.Add(p); vel.Add(v); frac.Add((a, b, c));
            sb.Append($"{els[i % 4]} {F(p.Item1)} {F(p.Item2)} {F(p.Item3)} {F(v.Item1)} {F(v.Item2)} {F(v.Item3)}\n");
        }
        return (WriteFile(name, sb.ToString()), cell, pos, vel, frac);
    }

    [Fact]
    public void Xyz_GeneralTriclinic_RoundTripsThroughDataFile()
    {
        var (path, cell, pos, vel, frac) = WriteGeneralTriclinicXyz("tri.xyz");
        var d = ExtXyzReader.Read(path);
        Assert.True(d.Box.Triclinic);
        Assert.Equal("a test", d.Info["comment"]);
        // box: |a| = lx, volume preserved
        Assert.Equal(Math.Sqrt(5.1 * 5.1 + 0.3 * 0.3 + 0.2 * 0.2), d.Box.Lx, 12);
        Assert.Equal(Det(cell), d.Box.Volume, 10);
        // distances and velocity dot products preserved; fractional coordinates unchanged
        for (int i = 0; i < pos.Count; i++)
        {
            for (int j = 0; j < pos.Count; j++)
                Assert.Equal(Dist(pos[i], pos[j]), Dist(d.Positions[i], d.Positions[j]), 12);
            Assert.Equal(Dot(vel[i], pos[i]), Dot(d.Velocities![i], d.Positions[i]), 12);
            d.Box.ToLamda(d.Positions[i].X, d.Positions[i].Y, d.Positions[i].Z, out double s0, out double s1, out double s2);
            Assert.Equal(frac[i].Item1, s0, 12); Assert.Equal(frac[i].Item2, s1, 12); Assert.Equal(frac[i].Item3, s2, 12);
        }

        // -> data file -> read back: identical
        string data = Path.Combine(Dir, "tri.data");
        LammpsDataWriter.Write(data, d);
        Assert.Contains(" xy xz yz", File.ReadAllText(data));
        var r = LammpsDataReader.Read(data);
        Assert.True(r.Box.Triclinic);
        Assert.Equal(d.Box.XY, r.Box.XY); Assert.Equal(d.Box.XZ, r.Box.XZ); Assert.Equal(d.Box.YZ, r.Box.YZ);
        Assert.Equal(d.Box.Lx, r.Box.Lx); Assert.Equal(d.Box.Ly, r.Box.Ly); Assert.Equal(d.Box.Lz, r.Box.Lz);
        Assert.Equal(d.NTypes, r.NTypes);
        Assert.Equal(d.TypeElements, r.TypeElements);
        Assert.Equal(d.Masses, r.Masses);
        Assert.Equal(d.Elements, r.Elements);
        for (int i = 0; i < d.Count; i++)
        {
            AssertClose(d.Positions[i], r.Positions[i], 1e-12);
            AssertClose(d.Velocities![i], r.Velocities![i], 1e-12);
            for (int j = 0; j < d.Count; j++)
                Assert.Equal(Dist(pos[i], pos[j]), Dist(r.Positions[i], r.Positions[j]), 12);
        }

        // -> extended XYZ (LAMMPS frame, lower-triangular Lattice) -> read back: identical
        string xyz2 = Path.Combine(Dir, "tri2.xyz");
        ExtXyzWriter.Write(xyz2, r);
        var r2 = ExtXyzReader.Read(xyz2);
        Assert.Equal(r.Box.XY, r2.Box.XY); Assert.Equal(r.Box.Lz, r2.Box.Lz);
        for (int i = 0; i < d.Count; i++)
        {
            Assert.Equal(r.Positions[i], r2.Positions[i]);
            Assert.Equal(r.Velocities![i], r2.Velocities![i]);
            Assert.Equal(r.Types[i], r2.Types[i]);
        }
    }

    [Fact]
    public void Xyz_RotatedOrthogonalCell_PreservesDistances()
    {
        // an orthorhombic cell rotated by 30 degrees about (1,1,1)/sqrt(3): not lower-triangular
        double th = Math.PI / 6, c = Math.Cos(th), s = Math.Sin(th), u = 1 / Math.Sqrt(3);
        var rot = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                rot[i, j] = (i == j ? c : 0) + u * u * (1 - c) + (i == j ? 0 : ((j - i + 3) % 3 == 1 ? -1 : 1) * u * s);
        double[] L = [6.0, 7.0, 8.0];
        var cell = new double[3, 3];
        for (int r = 0; r < 3; r++)
            for (int k = 0; k < 3; k++) cell[r, k] = rot[k, r] * L[r];
        var rng = new Random(3);
        var pts = new List<(double, double, double)>();
        var sb = new System.Text.StringBuilder("12\nLattice=\"" + string.Join(" ", Enumerable.Range(0, 9).Select(k => F(cell[k / 3, k % 3]))) + "\"\n");
        for (int i = 0; i < 12; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble(), cc = rng.NextDouble();
            var p = (a * cell[0, 0] + b * cell[1, 0] + cc * cell[2, 0], a * cell[0, 1] + b * cell[1, 1] + cc * cell[2, 1],
                a * cell[0, 2] + b * cell[1, 2] + cc * cell[2, 2]);
            pts.Add(p);
            sb.Append($"Ga {F(p.Item1)} {F(p.Item2)} {F(p.Item3)}\n");
        }
        var d = ExtXyzReader.Read(WriteFile("rot.xyz", sb.ToString()));
        Assert.False(d.Box.Triclinic);
        Assert.Equal(6.0, d.Box.Lx, 12); Assert.Equal(7.0, d.Box.Ly, 12); Assert.Equal(8.0, d.Box.Lz, 12);
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++)
                Assert.Equal(Dist(pts[i], pts[j]), Dist(d.Positions[i], d.Positions[j]), 12);
        Assert.Equal(69.723, d.Masses[1]!.Value, 6);
    }

    [Fact]
    public void Xyz_MultiFrameAndPropertyColumns()
    {
        string frame(int k) => $"2\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3:charge:R:1:forces:R:3:tag:I:1 step={k}\n" +
            $"Li {k}.5 1 1 1.0 0.1 0.2 0.3 7\nO 2 2 2 -2.0 0 0 0 8\n";
        string p = WriteFile("multi.xyz", frame(0) + frame(1) + "\n" + frame(2));
        Assert.Equal(3, ExtXyzReader.CountFrames(p));
        var d0 = ExtXyzReader.Read(p);
        Assert.Equal(0.5, d0.Positions[0].X);
        var d1 = ExtXyzReader.Read(p, new StructureReadOptions { Frame = 1 });
        Assert.Equal(1.5, d1.Positions[0].X);
        Assert.Equal("1", d1.Info["step"]);
        Assert.Equal([1.0, -2.0], d1.Charges!);
        Assert.Equal((0.1, 0.2, 0.3), d1.Forces![0]);
        Assert.Equal("charge", d1.AtomStyle);
        var dl = ExtXyzReader.Read(p, new StructureReadOptions { Frame = -1 });
        Assert.Equal(2.5, dl.Positions[0].X);
        var e = Assert.Throws<GarneticsException>(() => ExtXyzReader.Read(p, new StructureReadOptions { Frame = 3 }));
        Assert.Contains("only 3 frame", e.Message);
    }

    [Fact]
    public void Xyz_KeyValueParsingWithQuotes()
    {
        var kv = ExtXyzReader.ParseKeyValuesStrict("Lattice=\"1 0 0 0 1 0 0 0 1\" name='a b' flag x = 3 note=\"say \\\"hi\\\"\" arr=[1,2,3]", out var cols);
        Assert.Equal(("Lattice", "1 0 0 0 1 0 0 0 1"), kv[0]);
        Assert.Equal(("name", "a b"), kv[1]);
        Assert.Equal(("flag", "T"), kv[2]);
        Assert.Equal(("x", "3"), kv[3]);
        Assert.Equal(("note", "say \"hi\""), kv[4]);
        Assert.Equal(("arr", "1 2 3"), kv[5]);
        Assert.Equal(1, cols[0]);
    }

    [Fact]
    public void Xyz_MalformedInputs()
    {
        const string head = "3\nLattice=\"10 0 0 0 10 0 0 0 10\" Properties=species:S:1:pos:R:3\n";
        AssertReadError(ExtXyzReader.Read, "trunc.xyz", head + "Li 1 1 1\nO 2 2 2\n", 4, "end of file");
        AssertReadError(ExtXyzReader.Read, "num.xyz", head + "Li 1 1 1\nO 2 2.2.2 2\nO 3 3 3\n", 4, "bad number");
        AssertReadError(ExtXyzReader.Read, "cols.xyz", head + "Li 1 1 1\nO 2 2 2 5\nO 3 3 3\n", 4, "wrong number of columns");
        AssertReadError(ExtXyzReader.Read, "plain.xyz", "2\nwater-ish\nLi 0 0 0\nO 1 1 1\n", 2, "needs Lattice");
        var ok = ExtXyzReader.Read(P("plain.xyz"), new StructureReadOptions { DefaultCell = new double[,] { { 5, 0, 0 }, { 0, 5, 0 }, { 0, 0, 5 } } });
        Assert.Equal(2, ok.Count);
        AssertReadError(ExtXyzReader.Read, "left.xyz", "1\nLattice=\"10 0 0 0 0 10 0 10 0\"\nLi 1 1 1\n", 2, "right-handed");
        AssertReadError(ExtXyzReader.Read, "elem.xyz", head + "Li 1 1 1\nQq 2 2 2\nO 3 3 3\n", 4, "unknown element");
        AssertReadError(ExtXyzReader.Read, "count.xyz", "three\nLattice=\"10 0 0 0 10 0 0 0 10\"\n", 1, "bad number");
        AssertReadError(ExtXyzReader.Read, "quote.xyz", "1\nLattice=\"10 0 0 0 10 0 0 0 10\nLi 1 1 1\n", 2, "unterminated");
        AssertReadError(ExtXyzReader.Read, "extra.xyz", head + "Li 1 1 1\nO 2 2 2\nO 3 3 3\nO 4 4 4\n", 6, "atom count mismatch");
        AssertReadError(ExtXyzReader.Read, "types.xyz", head + "1 1 1 1\n2 2 2 2\n5 3 3 3\n", 5, "out of range", new() { Elements = ["Li", "O"] });
    }

    // ------------------------------------------------------------------ POSCAR

    private const string PoscarDirect = """
        LLZO fragment
        1.0
          4.0 0.0 0.0
          0.0 5.0 0.0
          1.0 0.0 6.0
        Li_sv La O
        2 1 1
        Direct
          0.0 0.0 0.0
          0.5 0.5 0.5
          0.25 0.0 0.5
          0.1 0.2 0.3
        """;

    [Fact]
    public void Poscar_DirectAndCartesianAgree()
    {
        var d = PoscarReader.Read(WriteFile("POSCAR", PoscarDirect));
        Assert.Equal(4, d.Count);
        Assert.Equal(new string?[] { "Li", "Li", "La", "O" }, d.Elements);
        Assert.Equal([1, 1, 2, 3], d.Types);
        Assert.True(d.Box.Triclinic);
        Assert.Equal(1.0, d.Box.XZ);
        Assert.Equal((2.5, 2.5, 3.0), d.Positions[1]);
        Assert.Equal((0.25 * 4 + 0.5 * 1, 0.0, 3.0), d.Positions[2]);

        string cart = """
            LLZO fragment, Cartesian, scaled by 2
            2.0
              2.0 0.0 0.0
              0.0 2.5 0.0
              0.5 0.0 3.0
            Li La O
            2 1 1
            Selective dynamics
            Cartesian
              0.0 0.0 0.0 T T T
              1.25 1.25 1.5 F F T
              0.75 0.0 1.5 T T T
              0.35 0.5 0.9 T T T
            """;
        var c = PoscarReader.Read(WriteFile("CONTCAR", cart));
        for (int i = 0; i < 4; i++) AssertClose(d.Positions[i], c.Positions[i], 1e-12);
        Assert.Equal(d.Box.Lx, c.Box.Lx); Assert.Equal(d.Box.XZ, c.Box.XZ);

        // negative scale = target volume (4*5*6 = 120 -> 960 doubles every length)
        var v = PoscarReader.Read(WriteFile("vol.vasp", PoscarDirect.Replace("\n1.0\n", "\n-960\n")));
        Assert.Equal(8.0, v.Box.Lx, 12);
        Assert.Equal(960.0, v.Box.Volume, 9);
        AssertClose((5.0, 5.0, 6.0), v.Positions[1], 1e-12);
        Assert.Equal(StructureFormat.Poscar, StructureIO.Detect("/x/CONTCAR_relaxed"));
    }

    [Fact]
    public void Poscar_MalformedInputs()
    {
        AssertReadError(PoscarReader.Read, "POSCAR_trunc", PoscarDirect[..PoscarDirect.LastIndexOf('\n')], 11, "end of file");
        AssertReadError(PoscarReader.Read, "POSCAR_num", PoscarDirect.Replace("0.25 0.0 0.5", "0.25 abc 0.5"), 11, "bad number");
        AssertReadError(PoscarReader.Read, "POSCAR_cols", PoscarDirect.Replace("2 1 1", "2 1"), 7, "wrong number of columns");
        AssertReadError(PoscarReader.Read, "POSCAR_extra", PoscarDirect.Replace("2 1 1", "2 1 0"), 12, "atom count mismatch");
        AssertReadError(PoscarReader.Read, "POSCAR_mode", PoscarDirect.Replace("Direct", "42"), 8, "Direct");
        AssertReadError(PoscarReader.Read, "POSCAR_lat", PoscarDirect.Replace("0.0 5.0 0.0", "0.0 5.0"), 4, "wrong number of columns");
    }

    // ------------------------------------------------------------------ LAMMPS data files

    private const string GoodData = """
        LAMMPS test file
        
        3 atoms
        2 atom types
        
        0 10 xlo xhi
        0 10 ylo yhi
        0 10 zlo zhi
        
        Masses
        
        1 6.94
        2 15.999
        
        Atoms # atomic
        
        1 1 1.0 1.0 1.0
        2 2 2.0 2.0 2.0 0 1 -1
        3 1 3.0 3.0 3.0
        
        Velocities
        
        1 0.1 0.2 0.3
        2 0 0 0
        3 0 0 0
        """;

    [Fact]
    public void Data_ReadsAtomicFileWithImagesAndVelocities()
    {
        var d = LammpsDataReader.Read(WriteFile("good.data", GoodData));
        Assert.Equal(3, d.Count);
        Assert.Equal(2, d.NTypes);
        Assert.Equal(15.999, d.Masses[2]);
        Assert.Null(d.TypeElements[1]);
        Assert.Equal((0, 1, -1), d.Images![1]);
        Assert.Equal((0.1, 0.2, 0.3), d.Velocities![0]);
        Assert.Null(d.Charges);
        Assert.False(d.Box.Triclinic);

        // element list names the types; charge style inferred from 6 columns, Pair Coeffs kept raw
        string charged = GoodData.Replace("Atoms # atomic", "Pair Coeffs # lj/cut\n\n1 0.1 1.0\n2 0.2 2.0\n\nAtoms")
            .Replace("1 1 1.0 1.0 1.0", "1 1 0.5 1.0 1.0 1.0").Replace("2 2 2.0 2.0 2.0 0 1 -1", "2 2 -1 2.0 2.0 2.0 0 1 -1")
            .Replace("3 1 3.0 3.0 3.0", "3 1 0.5 3.0 3.0 3.0");
        var c = LammpsDataReader.Read(WriteFile("charged.data", charged), new StructureReadOptions { Elements = ["Li", "O"] });
        Assert.Equal([0.5, -1.0, 0.5], c.Charges!);
        Assert.Equal("O", c.Elements[1]);
        Assert.Equal(2, c.PairCoeffs.Count);
        Assert.Equal("2 0.2 2.0", c.PairCoeffs[1].Text);
        Assert.Equal(17, c.PairCoeffs[0].Location.Line);
    }

    [Fact]
    public void Data_ChargeRoundTripAndApplyTo()
    {
        var d = CifReader.Read(LlzoData.TetragonalCif);
        d.Charges = d.Elements.Select(e => e switch { "Li" => 1.0, "La" => 3.0, "Zr" => 4.0, _ => -2.0 }).ToList();
        var atoms = new Atoms();
        var box = new Box();
        d.ApplyTo(atoms, box);
        Assert.Equal(192, atoms.NLocal);
        Assert.Equal(192, atoms.NAtoms);
        Assert.Equal(4, atoms.NTypes);
        Assert.Equal("charge", atoms.Style);
        Assert.All(Enumerable.Range(1, 4), t => Assert.True(atoms.MassSet[t]));
        Assert.Equal("Zr", atoms.TypeElement[3]);
        Assert.Equal(0.0, Enumerable.Range(0, 192).Sum(i => atoms.Q[i]), 12);
        atoms.V[3 * 5 + 1] = 0.125;
        atoms.Image[3 * 7 + 2] = -2;

        string path = Path.Combine(Dir, "llzo.data");
        LammpsDataWriter.Write(path, atoms, box);
        string text = File.ReadAllText(path);
        Assert.Contains("Atoms # charge", text);
        Assert.Contains("3 91.224 # Zr", text);
        var r = LammpsDataReader.Read(path);
        Assert.Equal("charge", r.AtomStyle);
        Assert.Equal(new string?[] { "Li", "La", "Zr", "O" }, r.TypeElements.Skip(1).ToArray());
        var atoms2 = new Atoms();
        var box2 = new Box();
        r.ApplyTo(atoms2, box2);
        Assert.Equal(box.Lx, box2.Lx);
        for (int i = 0; i < 192; i++)
        {
            Assert.Equal(atoms.Tag[i], atoms2.Tag[i]);
            Assert.Equal(atoms.Type[i], atoms2.Type[i]);
            Assert.Equal(atoms.Q[i], atoms2.Q[i]);
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(atoms.X[3 * i + k], atoms2.X[3 * i + k]);
                Assert.Equal(atoms.V[3 * i + k], atoms2.V[3 * i + k]);
                Assert.Equal(atoms.Image[3 * i + k], atoms2.Image[3 * i + k]);
            }
        }
    }

    [Fact]
    public void Data_ApplyToRemapsOutsideAtoms()
    {
        var d = LammpsDataReader.Read(WriteFile("out.data", GoodData.Replace("3 1 3.0 3.0 3.0", "3 1 13.0 -1.0 3.0")));
        var atoms = new Atoms();
        var box = new Box();
        d.ApplyTo(atoms, box);
        Assert.Equal(3.0, atoms.X[6], 12);
        Assert.Equal(9.0, atoms.X[7], 12);
        Assert.Equal(1, atoms.Image[6]);
        Assert.Equal(-1, atoms.Image[7]);
    }

    [Fact]
    public void Data_MissingFile()
    {
        string p = Path.Combine(Dir, "nope.data");
        var e = Assert.Throws<GarneticsException>(() => LammpsDataReader.Read(p));
        Assert.Contains("nope.data", e.Message);
        Assert.Contains("not found", e.Message);
        Assert.Contains("nope.data", Assert.Throws<GarneticsException>(() => CifReader.Read(p)).Describe());
        Assert.Contains("nope.data", Assert.Throws<GarneticsException>(() => ExtXyzReader.Read(p)).Describe());
        Assert.Contains("nope.data", Assert.Throws<GarneticsException>(() => PoscarReader.Read(p)).Describe());
    }

    [Fact]
    public void Data_TruncatedFile()
    {
        string text = GoodData[..GoodData.IndexOf("3 1 3.0", StringComparison.Ordinal)];
        AssertReadError(LammpsDataReader.Read, "trunc.data", text, 18, "end of file");
    }

    [Fact]
    public void Data_BadNumber()
    {
        var e = AssertReadError(LammpsDataReader.Read, "badnum.data", GoodData.Replace("2 2 2.0 2.0 2.0 0 1 -1", "2 2 2.0 2.O 2.0 0 1 -1"), 18, "bad number");
        Assert.Equal(9, e.Location!.Column);
        Assert.Contains("y coordinate", e.Message);
        AssertReadError(LammpsDataReader.Read, "badbox.data", GoodData.Replace("0 10 ylo yhi", "0 1e1e ylo yhi"), 7, "bad number");
    }

    [Fact]
    public void Data_WrongColumnCount()
    {
        AssertReadError(LammpsDataReader.Read, "cols.data", GoodData.Replace("2 2 2.0 2.0 2.0 0 1 -1", "2 2 2.0 2.0 2.0 0 1"), 18, "wrong number of columns");
        AssertReadError(LammpsDataReader.Read, "cols2.data", GoodData.Replace("1 0.1 0.2 0.3", "1 0.1 0.2"), 23, "wrong number of columns");
        AssertReadError(LammpsDataReader.Read, "cols3.data", GoodData.Replace("Atoms # atomic", "Atoms # charge"), 17, "Atoms # charge");
        AssertReadError(LammpsDataReader.Read, "cols4.data", GoodData.Replace("0 10 zlo zhi", "0 zlo zhi"), 8, "wrong number of values");
    }

    [Fact]
    public void Data_AtomTypeOutOfRange()
    {
        AssertReadError(LammpsDataReader.Read, "type.data", GoodData.Replace("3 1 3.0 3.0 3.0", "3 3 3.0 3.0 3.0"), 19, "atom type 3 out of range");
        AssertReadError(LammpsDataReader.Read, "masstype.data", GoodData.Replace("2 15.999", "0 15.999"), 13, "out of range");
    }

    [Fact]
    public void Data_AtomCountMismatch()
    {
        AssertReadError(LammpsDataReader.Read, "more.data", GoodData.Replace("3 atoms", "4 atoms"), 20, "count mismatch");
        AssertReadError(LammpsDataReader.Read, "fewer.data", GoodData.Replace("3 atoms", "2 atoms"), 19, "count mismatch");
        AssertReadError(LammpsDataReader.Read, "dup.data", GoodData.Replace("3 1 3.0 3.0 3.0", "2 1 3.0 3.0 3.0"), 19, "duplicate atom id");
    }

    [Fact]
    public void Data_UnknownSectionAndHeader()
    {
        AssertReadError(LammpsDataReader.Read, "section.data", GoodData.Replace("Velocities", "Bananas"), 21, "unknown section 'Bananas'");
        AssertReadError(LammpsDataReader.Read, "bonds.data", GoodData.Replace("Velocities", "Bonds"), 21, "not supported");
        AssertReadError(LammpsDataReader.Read, "header.data", GoodData.Replace("2 atom types", "2 atom typos"), 4, "unknown header keyword");
        string p = WriteFile("zerobonds.data", GoodData.Replace("2 atom types", "2 atom types\n0 bonds"));
        Assert.Equal(3, LammpsDataReader.Read(p).Count);
    }

    /// <summary>
    /// Interoperability with LAMMPS itself: LAMMPS reads our triclinic charge data file and writes it back with
    /// write_data; reading LAMMPS's file gives the same box, atoms, charges and velocities. Passes trivially when no
    /// `lmp` executable is on PATH.
    /// </summary>
    [Fact]
    public void Data_LammpsReadsAndRewritesOurFile_WhenLmpIsAvailable()
    {
        string? lmp = LammpsRunner.Find();
        Assert.True(lmp != null, "LAMMPS (lmp) is required for this parity test: tools/test.sh installs it (apt-get install lammps)");
        var (path, _, _, _, _) = WriteGeneralTriclinicXyz("lmp.xyz", 24, 11);
        var d = ExtXyzReader.Read(path);
        d.Charges = Enumerable.Range(0, d.Count).Select(i => i % 2 == 0 ? 0.75 : -0.75).ToList();
        string ours = Path.Combine(Dir, "ours.data");
        string theirs = Path.Combine(Dir, "theirs.data");
        LammpsDataWriter.Write(ours, d);
        File.WriteAllText(Path.Combine(Dir, "in.rw"), $"units metal\natom_style charge\nread_data {ours}\nwrite_data {theirs}\n");
        LammpsRunner.RunInput(Dir, "in.rw");
        var r = LammpsDataReader.Read(theirs);
        Assert.True(r.Box.Triclinic);
        Assert.Equal(d.Box.XY, r.Box.XY, 12); Assert.Equal(d.Box.XZ, r.Box.XZ, 12); Assert.Equal(d.Box.YZ, r.Box.YZ, 12);
        Assert.Equal(d.Box.Lx, r.Box.Lx, 12); Assert.Equal(d.Box.Lz, r.Box.Lz, 12);
        Assert.Equal(d.Masses, r.Masses);
        Assert.Equal(d.Count, r.Count);
        for (int k = 0; k < r.Count; k++)
        {
            int i = d.Tags.IndexOf(r.Tags[k]);
            Assert.Equal(d.Types[i], r.Types[k]);
            Assert.Equal(d.Charges[i], r.Charges![k]);
            Assert.Equal(0.0, MinImage(d.Box, d.Positions[i], r.Positions[k]), 9);
            AssertClose(d.Velocities![i], r.Velocities![k], 1e-12);
        }
    }

    // ------------------------------------------------------------------ writers

    [Fact]
    public void Writers_AreAtomic_AndNeverTruncateOnError()
    {
        string target = WriteFile("keep.data", "original content\n");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, w =>
        {
            w.WriteLine("partial");
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("original content\n", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(Dir));

        var bad = new StructureData();
        bad.SetNTypes(1);
        bad.Box = CellMath.BoxFromParameters(5, 5, 5, 90, 90, 90);
        bad.AddAtom(1, 2, null, 0, 0, 0); // type out of range
        Assert.Throws<GarneticsException>(() => LammpsDataWriter.Write(target, bad));
        Assert.Equal("original content\n", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(Dir));
    }

    [Fact]
    public void Writers_UseRoundTripNumbers()
    {
        var d = new StructureData { Box = CellMath.BoxFromParameters(10, 11, 12, 80, 95, 100) };
        d.SetNTypes(2);
        d.AddAtom(5, 2, null, 1.0 / 3.0, Math.PI, 1e-17);
        d.Masses[1] = 6.94;
        d.Masses[2] = 1.0 / 7.0;
        string p = Path.Combine(Dir, "rt.data");
        StructureIO.Write(p, d);
        var r = StructureIO.Read(p);
        Assert.Equal(d.Positions[0], r.Positions[0]);
        Assert.Equal(1.0 / 7.0, r.Masses[2]);
        Assert.Equal(6.94, r.Masses[1]);
        Assert.Equal(5, r.Tags[0]);
        Assert.Equal(d.Box.XY, r.Box.XY); Assert.Equal(d.Box.XZ, r.Box.XZ); Assert.Equal(d.Box.YZ, r.Box.YZ);
        // numeric species in extended XYZ when the element is unknown
        string x = Path.Combine(Dir, "rt.xyz");
        StructureIO.Write(x, d);
        var rx = StructureIO.Read(x);
        Assert.Equal(2, rx.Types[0]);
        Assert.Equal(d.Positions[0], rx.Positions[0]);
    }

    // ------------------------------------------------------------------ helpers

    private static void AssertHasAtom(StructureData d, string el, double x, double y, double z)
    {
        double best = double.MaxValue;
        for (int i = 0; i < d.Count; i++)
            if (d.Elements[i] == el) best = Math.Min(best, MinImage(d.Box, d.Positions[i], (x, y, z)));
        Assert.True(best < 1e-8, $"no {el} atom at ({x}, {y}, {z}); nearest at {best}");
    }

    private static double MinImage(Box box, (double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        box.ToLamda(a.X, a.Y, a.Z, out double a0, out double a1, out double a2);
        box.ToLamda(b.X, b.Y, b.Z, out double b0, out double b1, out double b2);
        double d0 = a0 - b0, d1 = a1 - b1, d2 = a2 - b2;
        d0 -= Math.Round(d0); d1 -= Math.Round(d1); d2 -= Math.Round(d2);
        double dx = box.H[0] * d0 + box.H[5] * d1 + box.H[4] * d2, dy = box.H[1] * d1 + box.H[3] * d2, dz = box.H[2] * d2;
        return Math.Sqrt(dx * dx + dy * dy + dz * dz);
    }

    private static double Dist((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y) + (a.Z - b.Z) * (a.Z - b.Z));

    private static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;

    private static void AssertClose((double X, double Y, double Z) a, (double X, double Y, double Z) b, double tol)
    {
        Assert.True(Math.Abs(a.X - b.X) <= tol && Math.Abs(a.Y - b.Y) <= tol && Math.Abs(a.Z - b.Z) <= tol, $"{a} != {b}");
    }

    private static double Det(double[,] m) =>
        m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0])
        + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
}
