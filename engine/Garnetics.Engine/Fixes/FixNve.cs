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
        var a = Sim.Atoms;
        double dtf = 0.5 * Sim.Dt * Sim.Units.Ftm2v, dtv = Sim.Dt;
        var x = a.X; var v = a.V; var f = a.F; var mask = a.Mask; var type = a.Type; var mass = a.Mass;
        int bit = GroupBit;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            double dtfm = dtf / mass[type[i]];
            v[3 * i] += dtfm * f[3 * i];
            v[3 * i + 1] += dtfm * f[3 * i + 1];
            v[3 * i + 2] += dtfm * f[3 * i + 2];
            x[3 * i] += dtv * v[3 * i];
            x[3 * i + 1] += dtv * v[3 * i + 1];
            x[3 * i + 2] += dtv * v[3 * i + 2];
        }
    }

    public override void FinalIntegrate()
    {
        var a = Sim.Atoms;
        double dtf = 0.5 * Sim.Dt * Sim.Units.Ftm2v;
        var v = a.V; var f = a.F; var mask = a.Mask; var type = a.Type; var mass = a.Mass;
        int bit = GroupBit;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            double dtfm = dtf / mass[type[i]];
            v[3 * i] += dtfm * f[3 * i];
            v[3 * i + 1] += dtfm * f[3 * i + 1];
            v[3 * i + 2] += dtfm * f[3 * i + 2];
        }
    }
}
