using Garnetics.Engine.Backend;
using Garnetics.Potentials.Classical;

namespace Garnetics.Engine.Tests;

/// <summary>
/// An execution space for the tests: a "device" that keeps its own copies of positions and forces, so that the
/// backend seam (style suffixes, on-demand transfers, the report of who forced them) is exercised without a GPU.
/// </summary>
public sealed class EmulatedSpace : ExecutionSpace
{
    public static readonly EmulatedSpace Instance = new();
    static EmulatedSpace() => Register(Instance);
    public static void EnsureRegistered() { }
    public override string Name => "emulated device";
    public override string? StyleSuffix => "emu";
    public double[] X = [], F = [];
    public override void CopyFromHost(Atoms atoms, AtomFields fields)
    {
        if ((fields & AtomFields.X) != 0) X = atoms.X.AsSpan(0, 3 * atoms.NAll).ToArray();
    }
    public override void CopyToHost(Atoms atoms, AtomFields fields)
    {
        if ((fields & AtomFields.F) != 0) F.CopyTo(atoms.F, 0);
    }
}

/// <summary>lj/cut running "on" the emulated device: reads its copy of the positions, leaves its forces there.</summary>
[PairStyle("lj/cut/emu", Help = "Test-only: lj/cut in the emulated device space.")]
public sealed class PairLjCutEmu : PairStyle
{
    private readonly PairLjCut _host = new();
    public override ExecutionSpace Space => EmulatedSpace.Instance;
    public override void Settings(CommandArgs args) { _host.Sim = Sim; _host.StyleName = "lj/cut"; _host.Settings(args); }
    public override void Coeff(CommandArgs args) => _host.Coeff(args);
    public override void Init() => _host.Init();
    public override double CutoffMax => _host.CutoffMax;
    public override bool HasCoeff(int i, int j) => _host.HasCoeff(i, j);
    public override double Cutoff(int i, int j) => _host.Cutoff(i, j);

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        var atoms = Sim.Atoms;
        atoms.Sync.Sync(atoms, Space, AtomFields.X, "pair lj/cut/emu");
        var dev = EmulatedSpace.Instance;
        // the "kernel": the host style over the device copy of the positions, forces kept on the device
        var hostX = atoms.X;
        var f = new double[atoms.F.Length];
        atoms.X = [.. dev.X, .. new double[hostX.Length - dev.X.Length]];
        var hostF = atoms.F;
        atoms.F = f;
        _host.EngVdwl = _host.EngCoul = 0;
        Array.Clear(_host.Virial);
        _host.Compute(list, eflag, vflag);
        atoms.X = hostX;
        atoms.F = hostF;
        dev.F = f;
        atoms.Sync.Modified(Space, AtomFields.F);
        EngVdwl = _host.EngVdwl;
        for (int c = 0; c < 6; c++) Virial[c] = _host.Virial[c];
    }
}

public class BackendTests
{
    static BackendTests()
    {
        EmulatedSpace.EnsureRegistered();
        StyleRegistry.Default.Register(typeof(PairLjCut).Assembly);
    }

    private static readonly string Deck = Decks.LjLiquid(neighbor: false) + """
        thermo 10
        thermo_modify format float %.15g
        run 50
        """;

    [Fact]
    public void SuffixPicksTheDeviceVariantAndCopiesOnlyForHostConsumers()
    {
        var (host, hostOut) = DeckRunner.Run(Deck);
        var (dev, devOut) = DeckRunner.Run("suffix emu\n" + Deck);
        Assert.IsType<PairLjCutEmu>(dev.Pair);
        Assert.Equal("lj/cut/emu", dev.Pair!.StyleName);
        // fix nve has no emu variant: the host style, said once
        Assert.Single(devOut.Split('\n'), l => l.Contains("NOTE: suffix emu: fix style nve has no nve/emu; using the host style"));
        // same numbers as the host run
        Assert.Equal(ThermoLog.Parse(hostOut).Single().Rows.Select(r => string.Join(' ', r)), ThermoLog.Parse(devOut).Single().Rows.Select(r => string.Join(' ', r)));
        // forces go to the host once per evaluation (51: the set-up and 50 steps) for the reverse communication; the
        // consumers that forced copies are reported once each
        Assert.Equal(51, dev.Atoms.Sync.Transfers["F to host"]);
        Assert.Contains("NOTE: the reverse communication of ghost forces needs F on the host", devOut);
        Assert.Single(devOut.Split('\n'), l => l.Contains("needs F on the host"));
        Assert.Equal(51, dev.Atoms.Sync.Transfers["X to emulated device"]);
        Assert.False(dev.Atoms.Sync.Transfers.ContainsKey("X to host"));
        Assert.True(host.Atoms.Sync.IsCurrent(AtomFields.F, HostSpace.Instance));
        Assert.Empty(host.Atoms.Sync.Transfers);
    }

    [Fact]
    public void SuffixOffAndMissingSpacesFallBackToTheHost()
    {
        var (off, _) = DeckRunner.Run("suffix emu\nsuffix off\n" + Deck);
        Assert.IsType<PairLjCut>(off.Pair);
        var (gpu, text) = DeckRunner.Run("suffix gpu\n" + Deck);
        Assert.IsType<PairLjCut>(gpu.Pair);
        Assert.Contains("NOTE: suffix gpu: no gpu execution space is loaded", text);
        Assert.Contains("NOTE: suffix gpu: pair style lj/cut has no lj/cut/gpu; using the host style", text);
        var e = Assert.Throws<GarneticsException>(() => DeckRunner.Run("suffix on\n"));
        Assert.Contains("no suffix has been set", e.Message);
    }

    [Fact]
    public void PackageSetsHostThreadsAndNotesAMissingGpu()
    {
        var (sim, text) = DeckRunner.Run("package omp 3\npackage gpu 1 neigh yes\n");
        Assert.Equal(3, sim.Threads);
        Assert.Contains("NOTE: package gpu: no gpu execution space is loaded", text);
        var e = Assert.Throws<GarneticsException>(() => DeckRunner.Run("package warp 4\n"));
        Assert.Contains("unknown package 'warp'", e.Message);
        var e2 = Assert.Throws<GarneticsException>(() => DeckRunner.Run("package omp -1\n"));
        Assert.Contains("thread count >= 0", e2.Message);
    }
}
