namespace Garnetics.Potentials.Nep.Tests;

/// <summary>Malformed model files and bad pair_coeff lines give one clear error naming the file and line.</summary>
public class ModelFileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Paths.Nep25Model);

    private static GarneticsException LoadError(IEnumerable<string> lines, out string path)
    {
        var dir = TempDir.Create("nep-bad-model");
        path = Path.Combine(dir, "nep.txt");
        File.WriteAllLines(path, lines);
        var p = path;
        return Assert.Throws<GarneticsException>(() => NepModel.Load(p));
    }

    [Fact]
    public void ParsesTheReferenceModel()
    {
        var m = NepModel.Load(Paths.Nep25Model);
        Assert.Equal(4, m.Version);
        Assert.Equal(["Li", "La", "Zr", "O"], m.Elements);
        Assert.Equal([3, 57, 40, 8], m.Z);
        Assert.True(m.Zbl && !m.ZblFlexible);
        Assert.Equal((0.9, 1.8), (m.ZblInner, m.ZblOuter));
        Assert.Equal((6.0, 4.0), (m.RcRadial, m.RcAngular));
        Assert.Equal(30, m.Dim); // 5 radial + 5 × (4 three-body + 1 four-body)
        Assert.Equal(30, m.Neurons);
        // the last line of the file is the last descriptor scaler
        Assert.Equal(double.Parse(Lines[^1], System.Globalization.CultureInfo.InvariantCulture), m.QScaler[^1]);
        var std = NepModel.Load(Path.Combine(TestPaths.SharedData, "nep", "llzo-nep-std", "nep.txt"));
        Assert.Equal((7.5, 4.0), (std.RcRadial, std.RcAngular));
        Assert.False(std.Zbl);
    }

    [Fact]
    public void TruncatedFile()
    {
        var e = LoadError(Lines.Take(Lines.Length - 20), out var path);
        Assert.Equal(path, e.Location!.File);
        Assert.Contains("end of file", e.Message);
        Assert.Contains("descriptor scaler", e.Message);
    }

    [Fact]
    public void BadNumberNamesItsLine()
    {
        var l = (string[])Lines.Clone();
        l[499] = "  1.2.3e-4";
        var e = LoadError(l, out var path);
        Assert.Equal(path, e.Location!.File);
        Assert.Equal(500, e.Location.Line);
        Assert.Contains("expected one number", e.Message);
    }

    [Fact]
    public void ExtraDataAfterTheParameters()
    {
        var e = LoadError(Lines.Append("  1.0e+00"), out _);
        Assert.Equal(Lines.Length + 1, e.Location!.Line);
        Assert.Contains("parameter count", e.Message);
    }

    [Theory]
    [InlineData("nep9_zbl 4 Li La Zr O", "unknown model type")]
    [InlineData("nep4_zbl 5 Li La Zr O", "lists 4")]
    [InlineData("nep4_zbl 4 Li La Xx O", "unknown element 'Xx'")]
    [InlineData("nep4_dipole 4 Li La Zr O", "not potentials")]
    public void BadHeader(string header, string message)
    {
        var l = (string[])Lines.Clone();
        l[0] = header;
        var e = LoadError(l, out _);
        Assert.Equal(1, e.Location!.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void BadCutoffLine()
    {
        var l = (string[])Lines.Clone();
        l[2] = "cutoff 4 6 95 29";
        var e = LoadError(l, out _);
        Assert.Equal(3, e.Location!.Line);
        Assert.Contains("exceeds the radial cut-off", e.Message);
    }

    private static string DeckWith(string pairCoeff, string? structure = null) => $"""
        units metal
        read_data {structure ?? Paths.Train} elements Li La Zr O
        pair_style nep
        {pairCoeff}
        run 0
        """;

    [Fact]
    public void MissingModelFile()
    {
        var e = Assert.Throws<GarneticsException>(() => Deck.Run(DeckWith("pair_coeff * * /nonexistent/nep.txt Li La Zr O")));
        Assert.Contains("cannot open NEP model file", e.Message);
        Assert.Equal(4, e.Location!.Line);
    }

    [Fact]
    public void ElementNotInModel()
    {
        var e = Assert.Throws<GarneticsException>(() => Deck.Run(DeckWith($"pair_coeff * * {Paths.Nep25Model} Li La Zr S")));
        Assert.Contains("element 'S' for atom type 4 is not in the NEP model", e.Message);
        Assert.Equal("test.in", e.Location!.File);
        Assert.Equal(4, e.Location.Line);
    }

    [Fact]
    public void WrongNumberOfElements()
    {
        var e = Assert.Throws<GarneticsException>(() => Deck.Run(DeckWith($"pair_coeff * * {Paths.Nep25Model} Li La Zr")));
        Assert.Contains("one element (or NULL) for each of the 4 atom types", e.Message);
    }

    [Fact]
    public void SwappedElementsAgainstTheStructureFile()
    {
        var e = Assert.Throws<GarneticsException>(() => Deck.Run(DeckWith($"pair_coeff * * {Paths.Nep25Model} La Li Zr O")));
        Assert.Contains("atom type 1 holds Li atoms", e.Message);
    }
}

public class NepMathTests
{
    [Fact]
    public void SinCosPiMatchesTheLibrary()
    {
        double worst = 0;
        for (int k = 0; k <= 100000; k++)
        {
            double u = k / 100000.0;
            NepEvaluator.SinCosPi(u, out double s, out double c);
            var (s0, c0) = Math.SinCos(Math.PI * u);
            worst = Math.Max(worst, Math.Max(Math.Abs(s - s0), Math.Abs(c - c0)));
        }
        Assert.True(worst < 1e-15, $"sin/cos(pi u) differ by {worst:E2}");
    }

    /// <summary>The harmonics' normalisation C_lm = (2l+1)/(4π)(l−m)!/(l+m)! a_lm², checked at l = 1, 2 by hand.</summary>
    [Fact]
    public void HarmonicNormalisation()
    {
        Assert.Equal(3 / (4 * Math.PI), NepAngular.C3[0], 1e-15);       // l=1, m=0: Z = z
        Assert.Equal(3 / (8 * Math.PI), NepAngular.C3[1], 1e-15);       // l=1, m=1
        Assert.Equal(5 / (16 * Math.PI), NepAngular.C3[3], 1e-15);      // l=2, m=0: P2 = (3z²-1)/2
        Assert.Equal(15 / (8 * Math.PI), NepAngular.C3[4], 1e-15);      // l=2, m=1: dP2/dz = 3z, (1/6)·9
        Assert.Equal(15 / (32 * Math.PI), NepAngular.C3[6], 1e-15);     // l=2, m=2: d²P2 = 3, (1/24)·9
        // l = 8, m = 0 is the Legendre polynomial 6435 z^8 - 12012 z^6 + 6930 z^4 - 1260 z^2 + 35
        Assert.Equal([35, 0, -1260, 0, 6930, 0, -12012, 0, 6435], NepAngular.ZCoef[8][0]);
    }
}

/// <summary>Shares a collection with GpumdReferenceTests: potential_test keeps its last RMSEs in static properties.</summary>
[Collection("potential_test")]
public class PotentialTestCommandTests
{
    [Fact]
    public void MissingTrajectoryIsAnError()
    {
        var e = Assert.Throws<GarneticsException>(() => Deck.Run($"""
            units metal
            read_data {Paths.Train} elements Li La Zr O
            pair_style nep
            pair_coeff * * {Paths.Nep25Model} Li La Zr O
            potential_test /nonexistent/train.xyz
            """));
        Assert.Contains("cannot open extended XYZ file '/nonexistent/train.xyz': file not found", e.Message);
        Assert.Equal(5, e.Location!.Line);
    }

    [Fact]
    public void FramesWithoutReferenceDataGiveNoRmse()
    {
        var dir = TempDir.Create("nep-ptest");
        var plain = Path.Combine(dir, "plain.xyz");
        // the first frame without energy, stress and forces
        var lines = File.ReadAllLines(Paths.TrainFrame(1, dir));
        lines[1] = lines[1][..lines[1].IndexOf("Properties=", StringComparison.Ordinal)] + "Properties=species:S:1:pos:R:3 pbc=\"T T T\"";
        for (int i = 2; i < lines.Length; i++) lines[i] = string.Join(' ', lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
        File.WriteAllLines(plain, lines);
        var (sim, log) = Deck.Run($"""
            units metal
            read_data {plain} elements Li La Zr O
            pair_style nep
            pair_coeff * * {Paths.Nep25Model} Li La Zr O
            potential_test {plain} prefix {dir}/
            """);
        Assert.Contains("0 frames with a reference", log);
        Assert.True(double.IsNaN(Garnetics.Engine.Commands.PotentialTestCommand.LastForceRmse));
        var e = Numbers.ReadTable(Path.Combine(dir, "energy_test.out"));
        Assert.Single(e);
        // the prediction column is the model's energy per atom; GPUMD's value for this frame is line 2 of energy_train.out
        var eg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "energy_train.out"));
        Assert.Equal(eg[1][0], e[0][0], 2e-5);
    }
}
