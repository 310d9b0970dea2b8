namespace Garnetics.Potentials.Classical;

[PairStyle("zero", Syntax = "pair_style zero Rc [nocoeff] [full]; pair_coeff I J [Rc]",
    Help = """
        No interaction: zero forces, energy and virial, but a neighbour list (and ghost atoms) out to Rc is built, as
        for any pair style. Used, as in LAMMPS, to run analyses that need neighbours (or a pair style at all) on
        trajectories with `rerun`, or to move atoms without forces. pair_coeff I J [Rc] sets which type pairs are listed
        and their cut-off; unset I,J pairs take the mixed cut-off of I,I and J,J. nocoeff: pair_coeff ignores every word
        after I J (so the pair_coeff lines of another style can stay in the deck). full: request a full neighbour list
        instead of a half list.
        """)]
public sealed class PairZero : TypePairStyle
{
    private bool _nocoeff, _full;

    protected override string[] CoeffNames => [];
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [];
    public override NeighKind NeighborKind => _full ? NeighKind.Full : NeighKind.Half;

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 3, "zero cutoff [nocoeff] [full]");
        CutGlobal = ParseCutoff(args, 0);
        _nocoeff = _full = false;
        for (int i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "nocoeff": _nocoeff = true; break;
                case "full": _full = true; break;
                default: throw args.Error(i, $"unknown pair_style zero keyword '{args[i]}' (expected nocoeff or full)");
            }
        }
        if (CutExplicit.Length > 0)
            for (int i = 0; i < CutExplicit.GetLength(0); i++)
                for (int j = 0; j < CutExplicit.GetLength(1); j++)
                    CutExplicit[i, j] = double.NaN;
    }

    public override void Coeff(CommandArgs args)
    {
        if (_nocoeff && args.Count > 2)
            args = new CommandArgs(args.Command, [args.Words[0], args.Words[1]], args.Location);
        base.Coeff(args);
    }

    protected override void InitPair() { }

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        EngVdwl = EngCoul = 0.0;
        Array.Clear(Virial);
    }
}
