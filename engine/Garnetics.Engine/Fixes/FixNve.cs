namespace Garnetics.Engine.Fixes;

[FixStyle("nve", Syntax = "fix ID group nve",
    Help = """
        Constant NVE velocity-Verlet integration of the group: v += dt/2 f/m ftm2v; x += dt v (initial integrate), then
        v += dt/2 f/m ftm2v (final integrate).
        """)]
public sealed class FixNve : Fix
{
    public override bool TimeIntegrates => true;

    public override void Configure(CommandArgs args)
    {
        if (args.Count != 0) throw args.Error(0, "fix nve takes no arguments");
    }

    public override void InitialIntegrate()
    {
        KickVelocities(0.5 * Sim.Dt * Sim.Units.Ftm2v);
        DriftPositions(Sim.Dt);
    }

    public override void FinalIntegrate() => KickVelocities(0.5 * Sim.Dt * Sim.Units.Ftm2v);
}
