namespace Garnetics.Engine.Commands;

[Command("kspace_style", Syntax = "kspace_style STYLE accuracy | kspace_style none",
    Help = """
        Long-range electrostatics: the reciprocal-space part of an Ewald sum, used with a coul/long pair style. accuracy
        is LAMMPS's relative RMS force error (relative to the force between two unit charges 1 A apart); the splitting
        parameter and the k-space resolution are chosen from it unless kspace_modify sets them.
        """)]
public sealed class KSpaceStyleCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        if (args[0] == "none") { sim.KSpace = null; return; }
        var k = sim.CreateStyle<KSpaceStyle>(StyleKind.KSpace, args[0], args, 0, out string name);
        k.Sim = sim;
        k.StyleName = name;
        k.Settings(args.Skip(1));
        sim.KSpace = k;
    }
}

[Command("kspace_modify", Syntax = "kspace_modify keyword value ... (gewald G, compute yes|no, mesh Nx Ny Nz, order N, ...)",
    Help = """
        Modify the kspace style: gewald fixes the splitting parameter (0: automatic), compute no skips the reciprocal
        part; PPPM keywords mesh and order set the grid and the charge-assignment order.
        """)]
public sealed class KSpaceModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        var k = sim.KSpace ?? throw args.Error("kspace_modify before kspace_style: define the kspace style first");
        for (int i = 0; i < args.Count;)
        {
            int next = k.Modify(args, i);
            if (next < 0) throw args.Error(i, $"kspace style {k.StyleName} does not accept kspace_modify keyword '{args[i]}'");
            i = next;
        }
    }
}
