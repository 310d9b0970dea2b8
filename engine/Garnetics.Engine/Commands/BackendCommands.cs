using Garnetics.Engine.Backend;

namespace Garnetics.Engine.Commands;

[Command("suffix", Syntax = "suffix NAME | suffix off | suffix on",
    Help = """
        Style suffix, as LAMMPS's suffix command and -sf switch: pair, fix, compute and kspace styles defined after it
        are looked up as NAME-suffixed variants first (suffix gpu: pair_style nep makes nep/gpu), when that variant
        exists and its execution space is loaded; otherwise the host style is used and the log says so once per style.
        off and on switch the suffix off and back on. Suffixes: gpu (an NVIDIA GPU, when a GPU backend is loaded); the
        host styles have none.
        """)]
public sealed class SuffixCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 1, "suffix NAME|off|on");
        switch (args[0])
        {
            case "off": sim.SuffixEnabled = false; break;
            case "on":
                if (sim.Suffix == null) throw args.Error(0, "suffix on: no suffix has been set (suffix NAME or -sf NAME)");
                sim.SuffixEnabled = true;
                break;
            default:
                sim.Suffix = args[0];
                sim.SuffixEnabled = true;
                if (ExecutionSpace.ForSuffix(args[0]) == null)
                    sim.Print($"NOTE: suffix {args[0]}: no {args[0]} execution space is loaded (loaded: {string.Join(", ", ExecutionSpace.Names)}); styles fall back to the host");
                break;
        }
    }
}

[Command("package", Syntax = "package gpu|omp args ...",
    Help = """
        Options of an execution space, as LAMMPS's package command: package omp N sets N host threads (0: all cores,
        like -threads); package gpu ... passes its options to the GPU backend when one is loaded (and is otherwise noted
        and ignored, so a deck written for a GPU still runs on the host).
        """)]
public sealed class PackageCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1, "package NAME args...");
        if (args[0] == "omp")
        {
            HostSpace.Instance.Package(sim, args);
            return;
        }
        var space = ExecutionSpace.ForSuffix(args[0]);
        if (space == null)
        {
            if (args[0] is "gpu" or "kokkos" or "intel")
            {
                sim.Print($"NOTE: package {args[0]}: no {args[0]} execution space is loaded (loaded: {string.Join(", ", ExecutionSpace.Names)}); options ignored, styles run on the host");
                return;
            }
            throw args.Error(0, $"unknown package '{args[0]}' (expected omp or gpu)");
        }
        space.Package(sim, args);
    }
}
