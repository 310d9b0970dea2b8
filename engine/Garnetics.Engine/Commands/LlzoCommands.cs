using Garnetics.Engine.Build;

namespace Garnetics.Engine.Commands;

internal static class LlzoCommandSupport
{
    /// <summary>The builders create the box and the types, as read_data does: a box must not exist yet.</summary>
    public static void RequireNoBox(Simulation sim, CommandArgs args)
    {
        if (sim.Box.Defined)
            throw args.Error(0, $"{args.Command} creates the box and the atom types 1-4 = Li La Zr O, but a simulation box already exists (use clear first)");
        // the structures are built in Angstrom with masses in g/mol (and densities in g/cm^3): metal units only
        if (sim.Units.Style != "metal")
            throw args.Error(0, $"{args.Command} builds in Angstrom with masses in g/mol: it needs units metal (the deck has units {sim.Units.Style})");
    }

    public static void Apply(Simulation sim, StructureData data)
    {
        data.ApplyTo(sim.Atoms, sim.Box);
        sim.Box.Defined = true;
        sim.RecountAtoms();
    }

    public static string Counts(StructureData d)
    {
        var c = d.Composition();
        return string.Join(" ", LlzoSpecies.Elements.Select(e => $"{e}{c.GetValueOrDefault(e)}"));
    }

    public static int Positive(CommandArgs args, int i, string what)
    {
        int v = args.Int(i, what);
        if (v < 1) throw args.Error(i, $"{what} must be a positive integer, got {args[i]}");
        return v;
    }

    public static double PositiveDouble(CommandArgs args, int i, string what)
    {
        double v = args.Double(i, what);
        if (!(v > 0)) throw args.Error(i, $"{what} must be positive, got {args[i]}");
        return v;
    }

    public static int Seed(CommandArgs args, int i)
    {
        int v = args.Int(i, "seed");
        if (v < 1 || v > 900000000) throw args.Error(i, $"seed must be an integer in 1..900000000, got {args[i]}");
        return v;
    }

    /// <summary>Rethrow a builder's error at the command's location.</summary>
    public static GarneticsException Located(GarneticsException e, CommandArgs args, int word = -1)
    {
        if (e.Location == null)
        {
            e.Location = word >= 0 ? args.LocationOf(word) : args.Location;
            if (word >= 0 && word < args.Count) e.Offending ??= args[word];
        }
        return e;
    }
}

[Command("create_llzo", Syntax = "create_llzo tetragonal NX NY NZ [a A] [c C] | create_llzo cubic NX NY NZ [a A] [seed S] [li24d F] [li X compensate ovac|none] [mindist D]",
    Help = """
        Create the box and the atoms of crystalline Li7La3Zr2O12 (LLZO), NX x NY x NZ conventional cells, with atom
        types 1-4 = Li La Zr O (masses set; charges +1 +3 +4 -2 under atom_style charge). No box may exist yet (as
        read_data). tetragonal: the ordered I4_1/acd DFT cell of t-llzo-dft.cif (192 atoms: Li56 La24 Zr16 O96; a =
        13.23607, c = 12.701706 A unless given; fractional coordinates kept). cubic: Ia-3d framework La 24c, Zr 16a, O
        96h (O and Li 96h coordinates refined on the 1000 K NEP reference cell), a = 12.97 A unless given; Li
        distributed over the tetrahedral 24d and octahedral 96h sites from the seed S (default 12345): round(F x 24 x
        cells) Li on 24d (F = 24d occupancy, default 0.425 as measured on the reference), chosen one by one among the
        24d sites that share the fewest octahedral cages with occupied ones, then the rest on random 96h sites,
        rejecting any site closer than D (default 1.7 A) to a placed Li; a new draw is made when not all fit (error
        after 50). li X: Li per formula unit (default 7; 8 x X x NX x NY x NZ must be a whole number); off-stoichiometry
        needs compensate: ovac removes (7 - X)/2 O per formula unit at random (O vacancies), none leaves the cell
        charged.
        """)]
public sealed class CreateLlzoCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(4, -1);
        LlzoCommandSupport.RequireNoBox(sim, args);
        string phase = args.Choice(0, "tetragonal", "cubic");
        int nx = LlzoCommandSupport.Positive(args, 1, "number of cells in x");
        int ny = LlzoCommandSupport.Positive(args, 2, "number of cells in y");
        int nz = LlzoCommandSupport.Positive(args, 3, "number of cells in z");
        if ((long)nx * ny * nz * 192 > 50_000_000) throw args.Error(1, $"{nx} x {ny} x {nz} cells is too many atoms");
        bool charges = sim.Atoms.HasCharge;
        if (phase == "tetragonal")
        {
            double a = TetragonalLlzo.DefaultA, c = TetragonalLlzo.DefaultC;
            for (int k = 4; k < args.Count; k += 2)
            {
                switch (args[k])
                {
                    case "a": a = LlzoCommandSupport.PositiveDouble(args, k + 1, "lattice constant a"); break;
                    case "c": c = LlzoCommandSupport.PositiveDouble(args, k + 1, "lattice constant c"); break;
                    default: throw args.Error(k, $"unknown create_llzo tetragonal keyword '{args[k]}' (expected a, c)");
                }
            }
            var d = TetragonalLlzo.Build(nx, ny, nz, a, c, charges);
            LlzoCommandSupport.Apply(sim, d);
            sim.Print(FormattableString.Invariant($"Created tetragonal LLZO (I4_1/acd) {nx}x{ny}x{nz} cells, a = {a:G8} c = {c:G8} A: {d.Count} atoms ({LlzoCommandSupport.Counts(d)})"));
            return;
        }
        var o = new CubicLlzoOptions { Nx = nx, Ny = ny, Nz = nz, Charges = charges };
        int liWord = -1;
        bool compensateGiven = false;
        for (int k = 4; k < args.Count; k += 2)
        {
            switch (args[k])
            {
                case "a": o = o with { A = LlzoCommandSupport.PositiveDouble(args, k + 1, "lattice constant a") }; break;
                case "seed": o = o with { Seed = LlzoCommandSupport.Seed(args, k + 1) }; break;
                case "li24d":
                {
                    double f = args.Double(k + 1, "24d occupancy");
                    if (f < 0 || f > 1) throw args.Error(k + 1, $"li24d is the occupancy of the 24d sites and must be in 0..1, got {args[k + 1]}");
                    o = o with { Li24d = f };
                    break;
                }
                case "li":
                {
                    double x = args.Double(k + 1, "Li per formula unit");
                    if (x < 0) throw args.Error(k + 1, $"Li per formula unit must be >= 0, got {args[k + 1]}");
                    o = o with { LiPerFormula = x };
                    liWord = k + 1;
                    break;
                }
                case "compensate":
                    o = o with { Compensation = args.Choice(k + 1, "ovac", "none") == "ovac" ? LiCompensation.OxygenVacancies : LiCompensation.None };
                    compensateGiven = true;
                    break;
                case "mindist": o = o with { MinDist = LlzoCommandSupport.PositiveDouble(args, k + 1, "minimum Li-Li distance") }; break;
                default: throw args.Error(k, $"unknown create_llzo cubic keyword '{args[k]}' (expected a, seed, li24d, li, compensate, mindist)");
            }
        }
        if (compensateGiven && Math.Abs(o.LiPerFormula - 7) < 1e-12) o = o with { Compensation = LiCompensation.Stoichiometric };
        CubicLlzoResult r;
        try { r = CubicLlzo.Build(o); }
        catch (GarneticsException e) { throw LlzoCommandSupport.Located(e, args, liWord); }
        LlzoCommandSupport.Apply(sim, r.Data);
        int ncell = nx * ny * nz;
        sim.Print(FormattableString.Invariant(
            $"Created cubic LLZO (Ia-3d) {nx}x{ny}x{nz} cells, a = {o.A:G8} A: {r.Data.Count} atoms ({LlzoCommandSupport.Counts(r.Data)}); Li on 24d {r.Li24d} (occupancy {r.Li24d / (24.0 * ncell):F4}), on 96h {r.Li96h} (occupancy {r.Li96h / (96.0 * ncell):F4}), min Li-Li distance {o.MinDist:G6} A, {r.Attempts} draw(s)"));
        if (r.OxygenVacancies > 0) sim.Print($"  {r.OxygenVacancies} O vacancies compensate the Li deficit");
        if (Math.Abs(r.NetCharge) > 1e-9) sim.Print(FormattableString.Invariant($"WARNING: the cell carries a net formal charge of {r.NetCharge:G8} e (compensate none)"));
    }
}

[Command("create_amorphous", Syntax = "create_amorphous Li X La Y Zr Z atoms N density RHO [seed S] [mindist E1 E2 D] ...",
    Help = """
        Create the box and the atoms of amorphous Li-La-Zr-O with the ratio Li:La:Zr = X:Y:Z, charge balanced by oxygen
        (formal charges +1 +3 +4 -2): w = (X + 3Y + 4Z)/2 O per formula unit. The smallest integer formula unit is used
        (ratios scaled to whole numbers and doubled when X + 3Y + 4Z is odd, never rounded), times the multiple nearest
        to N atoms. The atoms are inserted at random (seed S, default 12345) in a cubic box of density RHO (g/cm^3), La
        first, then Zr, O, Li, rejecting a trial closer to an atom than the pair's minimum distance. Defaults (A): Li-O
        1.6, Zr-O 1.7, La-O 1.8, O-O 2.2, Li-Li 2.0, Li-La and Li-Zr 2.4, La-La, La-Zr and Zr-Zr 2.8; `mindist E1 E2 D`
        changes one pair (repeatable). A request whose like-pair exclusion spheres fill more than 0.36 of the volume, or
        where an atom finds no room in 20000 trials, is an error. Atom types 1-4 = Li La Zr O (masses; charges under
        atom_style charge); no box may exist yet. Melt and quench it with inputs/llzo-amorphous-meltquench.in.
        """)]
public sealed class CreateAmorphousCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        LlzoCommandSupport.RequireNoBox(sim, args);
        double li = 0, la = 0, zr = 0;
        int atoms = -1;
        double density = double.NaN;
        int atomsWord = -1, densityWord = -1;
        int seed = 12345;
        var md = AmorphousBuilder.DefaultMinDist();
        for (int k = 0; k < args.Count;)
        {
            switch (args[k])
            {
                case "Li": case "La": case "Zr":
                {
                    double v = args.Double(k + 1, $"{args[k]} count of the ratio");
                    if (v < 0) throw args.Error(k + 1, $"{args[k]} count must be >= 0, got {args[k + 1]}");
                    if (args[k] == "Li") li = v; else if (args[k] == "La") la = v; else zr = v;
                    k += 2; break;
                }
                case "O":
                    throw args.Error(k, "the O count follows from charge balance, w = (Li + 3 La + 4 Zr)/2, and cannot be given");
                case "atoms":
                    atoms = args.Int(k + 1, "number of atoms");
                    if (atoms < 1) throw args.Error(k + 1, $"number of atoms must be a positive integer, got {args[k + 1]}");
                    atomsWord = k + 1; k += 2; break;
                case "density":
                    density = LlzoCommandSupport.PositiveDouble(args, k + 1, "density (g/cm^3)");
                    densityWord = k + 1; k += 2; break;
                case "seed": seed = LlzoCommandSupport.Seed(args, k + 1); k += 2; break;
                case "mindist":
                {
                    int i = LlzoSpecies.IndexOf(args.Str(k + 1, "element")), j = LlzoSpecies.IndexOf(args.Str(k + 2, "element"));
                    if (i < 0) throw args.Error(k + 1, $"expected an element Li, La, Zr or O, got '{args[k + 1]}'");
                    if (j < 0) throw args.Error(k + 2, $"expected an element Li, La, Zr or O, got '{args[k + 2]}'");
                    double d = args.Double(k + 3, "minimum distance (A)");
                    if (d < 0) throw args.Error(k + 3, $"minimum distance must be >= 0, got {args[k + 3]}");
                    md[i, j] = md[j, i] = d;
                    k += 4; break;
                }
                default:
                    throw args.Error(k, $"unknown create_amorphous keyword '{args[k]}' (expected Li, La, Zr, atoms, density, seed, mindist)");
            }
        }
        if (atomsWord < 0) throw args.Error("create_amorphous needs 'atoms N' (the target number of atoms)");
        if (densityWord < 0) throw args.Error("create_amorphous needs 'density RHO' (g/cm^3)");
        if (li + la + zr <= 0) throw args.Error(0, "create_amorphous needs at least one cation (Li, La or Zr count > 0)");
        var o = new AmorphousOptions { Li = li, La = la, Zr = zr, Atoms = atoms, Density = density, Seed = seed, MinDist = md, Charges = sim.Atoms.HasCharge };
        StructureData data;
        AmorphousComposition comp;
        try { (data, comp) = AmorphousBuilder.Build(o); }
        catch (GarneticsException e)
        {
            int word = e.Message.StartsWith("density", StringComparison.Ordinal) ? densityWord : e.Message.Contains("formula unit", StringComparison.Ordinal) ? 0 : atomsWord;
            throw LlzoCommandSupport.Located(e, args, word);
        }
        LlzoCommandSupport.Apply(sim, data);
        sim.Print(string.Create(CultureInfo.InvariantCulture,
            $"Created amorphous {comp.Formula}{(comp.Doubled ? " (doubled to make O whole)" : "")} x {comp.Multiplier}: {data.Count} atoms ({LlzoCommandSupport.Counts(data)}) in a cubic box of {sim.Box.Lx:G8} A at {density:G6} g/cm^3"));
    }
}
