using Garnetics.Potentials.Classical.Tests.Support;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>Deck-level behaviour of the styles: registration, help, argument checking, hybrid/overlay bookkeeping.</summary>
public sealed class StyleSettingsTests
{
    private static readonly string[] Styles =
        ["lj/cut", "buck", "born", "morse", "zbl", "coul/cut", "coul/dsf", "coul/wolf", "buck/coul/cut", "hybrid/overlay"];

    static StyleSettingsTests() => StyleRegistry.Default.Register(typeof(PairBuck).Assembly);

    [Fact]
    public void EveryStyleIsRegisteredWithSyntaxAndHelp()
    {
        foreach (var name in Styles)
        {
            var e = StyleRegistry.Default.Find(StyleKind.Pair, name);
            Assert.NotNull(e);
            Assert.StartsWith("pair_style " + name, e!.Attribute.Syntax);
            Assert.True(e.Attribute.Help.Length > 80, $"{name}: help is too short");
        }
    }

    private static Simulation Llzo(params string[] commands)
    {
        var sim = new Simulation { Screen = null, Threads = 1 };
        GarneticsCalc.Exec(sim, "units metal");
        GarneticsCalc.Exec(sim, "atom_style charge");
        ReadLlzo(sim, charge: true);
        foreach (var c in commands) GarneticsCalc.Exec(sim, c);
        return sim;
    }

    /// <summary>read_data of the LLZO cell (Cases.Llzo(1)) from a temporary data file, written with or without charges.</summary>
    private static void ReadLlzo(Simulation sim, bool charge)
    {
        var s = Cases.Llzo(1);
        var dir = TempDir.Create("set");
        try
        {
            LammpsData.Write(s, Path.Combine(dir, "d"), charge);
            GarneticsCalc.Exec(sim, $"read_data {Path.Combine(dir, "d")}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static GarneticsException Fails(Simulation sim, string command)
    {
        return Assert.Throws<GarneticsException>(() =>
        {
            if (command == "setup") sim.Setup();
            else GarneticsCalc.Exec(sim, command);
        });
    }

    [Fact]
    public void BuckNeedsEveryPair()
    {
        var sim = Llzo("pair_style buck 10.0", "pair_coeff 1 4 426.48 0.3 0.0");
        Assert.Contains("not set", Fails(sim, "setup").Message);
        Assert.Contains("rho must be positive", Fails(sim, "pair_coeff 1 1 1.0 0.0 0.0").Message);
    }

    [Fact]
    public void ZblChecksChargesAndCutoffs()
    {
        var sim = Llzo("pair_style zbl 1.0 2.0");
        Assert.Contains("must equal", Fails(sim, "pair_coeff 1 1 3 8").Message);
        Assert.Contains("must equal", Fails(sim, "pair_coeff * * 3 8").Message);
        GarneticsCalc.Exec(sim, "pair_coeff 1 4 3 8"); // off-diagonal pairs take two charges
        Assert.Contains("larger than the outer", Fails(sim, "pair_style zbl 3.0 2.0").Message);
        Assert.Contains("expects 4 argument", Fails(sim, "pair_coeff 1 1 3").Message);
    }

    [Fact]
    public void DampedCoulombTakesAlphaAndCutoff()
    {
        var sim = Llzo();
        Assert.Contains("alpha Rc", Fails(sim, "pair_style coul/dsf 10.0").Message);
        Assert.Contains("alpha must be positive", Fails(sim, "pair_style coul/wolf 0 10.0").Message);
        GarneticsCalc.Exec(sim, "pair_style coul/wolf 0.2 10.0");
        Assert.Contains("expects 2 argument", Fails(sim, "pair_coeff * * 10.0").Message);
    }

    [Fact]
    public void CoulombStylesNeedCharges()
    {
        var sim = new Simulation { Screen = null };
        GarneticsCalc.Exec(sim, "units metal");
        ReadLlzo(sim, charge: false);
        GarneticsCalc.Exec(sim, "pair_style coul/cut 10.0");
        GarneticsCalc.Exec(sim, "pair_coeff * *");
        Assert.Contains("atom_style charge", Fails(sim, "setup").Message);
    }

    [Fact]
    public void HybridOverlayAssignsPairsToSubStyles()
    {
        var sim = Llzo("pair_style hybrid/overlay buck 10.0 coul/cut 10.0", "pair_coeff * * coul/cut", "pair_coeff 1 4 buck 426.48 0.3 0.0");
        var h = Assert.IsType<PairHybridOverlay>(sim.Pair);
        Assert.Equal(2, h.SubStyles.Count);
        sim.Setup();
        Assert.Equal(10.0, h.Cutoff(1, 4));
        Assert.Equal(0.0, h.SubStyles[0].Cutoff(1, 2)); // buck only acts on 1-4
        Assert.Equal(10.0, h.SubStyles[1].Cutoff(1, 2));
        Assert.True(h.NeedsCharge);

        Assert.Contains("not a sub-style", Fails(sim, "pair_coeff 1 1 morse 1 1 1").Message);
        Assert.Contains("not a sub-style", Fails(sim, "pair_modify pair zbl shift yes").Message);
        GarneticsCalc.Exec(sim, "pair_modify pair buck shift yes");
        Assert.True(h.SubStyles[0].OffsetFlag);
        Assert.False(h.SubStyles[1].OffsetFlag);

        // unset pairs: mixing only when I,I and J,J are assigned to one and the same sub-style
        var sim2 = Llzo("pair_style hybrid/overlay coul/cut 10.0", "pair_coeff 1 1 coul/cut 8.0", "pair_coeff 2 2 coul/cut",
            "pair_coeff 3 3 coul/cut", "pair_coeff 4 4 coul/cut");
        sim2.Setup();
        Assert.Equal(Math.Sqrt(80.0), sim2.Pair!.Cutoff(1, 2), 1e-12);
        var sim3 = Llzo("pair_style hybrid/overlay buck 10.0 coul/cut 10.0", "pair_coeff * * coul/cut", "pair_coeff 4 4 buck 1 0.3 0",
            "pair_coeff 1 3 none");
        Assert.Contains("sub-style buck is not used", Fails(Llzo("pair_style hybrid/overlay buck 10.0 coul/cut 10.0", "pair_coeff * * coul/cut"), "setup").Message);
        sim3.Setup();
        var h3 = (PairHybridOverlay)sim3.Pair!;
        Assert.Equal(0.0, h3.Cutoff(1, 3));
        var sim4 = Llzo("pair_style hybrid/overlay buck 10.0 coul/cut 10.0", "pair_coeff 1 1 coul/cut", "pair_coeff 1 1 buck 1 0.3 0",
            "pair_coeff 2 4 coul/cut", "pair_coeff 2 2 coul/cut", "pair_coeff 3 3 coul/cut", "pair_coeff 4 4 coul/cut",
            "pair_coeff 3 4 coul/cut", "pair_coeff 2 3 coul/cut");
        Assert.Contains("types 1 2 are not set", Fails(sim4, "setup").Message);
    }

    [Fact]
    public void HybridOverlayWithARepeatedStyleNeedsAnIndex()
    {
        var sim = Llzo("pair_style hybrid/overlay coul/cut 10.0 coul/cut 5.0");
        Assert.Contains("index of sub-style", Fails(sim, "pair_coeff * * coul/cut").Message);
        GarneticsCalc.Exec(sim, "pair_coeff * * coul/cut 1");
        GarneticsCalc.Exec(sim, "pair_coeff * * coul/cut 2");
        sim.Setup();
        var e2 = sim.PotentialEnergy();
        var single = Llzo("pair_style coul/cut 10.0", "pair_coeff * *");
        single.Setup();
        var half = Llzo("pair_style coul/cut 5.0", "pair_coeff * *");
        half.Setup();
        Assert.Equal(single.PotentialEnergy() + half.PotentialEnergy(), e2, 1e-9 * Math.Abs(e2));
    }

    [Fact]
    public void BuckCoulCutCutoffs()
    {
        var sim = Llzo("pair_style buck/coul/cut 8.0 10.0", "pair_coeff * * 0 1 0", "pair_coeff 1 4 426.48 0.3 0.0 6.0",
            "pair_coeff 4 4 22764.3 0.149 27.89 7.0 12.0");
        sim.Setup();
        Assert.Equal(10.0, sim.Pair!.Cutoff(1, 1));
        Assert.Equal(6.0, sim.Pair.Cutoff(1, 4)); // one per-pair cut-off sets both
        Assert.Equal(12.0, sim.Pair.Cutoff(4, 4));
        Assert.Equal(12.0, sim.Pair.CutoffMax);
        GarneticsCalc.Exec(sim, "pair_style buck/coul/cut 9.0"); // resets per-pair cut-offs
        sim.Setup();
        Assert.Equal(9.0, sim.Pair.Cutoff(1, 4));
        Assert.Equal(9.0, sim.Pair.CutoffMax);
    }
}
