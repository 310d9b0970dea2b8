namespace Garnetics.Engine.Commands;

[Command("read_data", Syntax = "read_data file [format lammps|xyz|extxyz|poscar|cif] [elements E1 E2 ...] [frame N] [occupancy seed S]",
    Help = """
        Read the box and atoms from a LAMMPS data file (atomic/charge, triclinic, Masses, Velocities, Pair Coeffs
        applied to the defined pair style), an extended XYZ file (Lattice=, Properties=), a VASP POSCAR/CONTCAR, or a
        CIF (symmetry operations applied; partially occupied sites need `occupancy seed S`: each site keeps
        round(occupancy x multiplicity) of its symmetry-generated positions, drawn at random from the seed, and
        partially occupied sites that share positions share them without double occupation). The format comes from the
        file name unless given. For files with element symbols, `elements` maps element i to atom type i (default: order
        of first appearance) and masses are set from the periodic table. General cells are rotated into LAMMPS's
        restricted triclinic frame; atoms are wrapped into the box with image flags.
        """)]
public sealed class ReadDataCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        if (sim.Box.Defined) throw args.Error(0, "read_data: a simulation box already exists (use clear first)");
        string path = args[0];
        var format = StructureFormat.Auto;
        List<string>? elements = null;
        int frame = 0;
        int? occSeed = null;
        int occWord = -1;
        for (int k = 1; k < args.Count;)
        {
            switch (args[k])
            {
                case "format":
                    try { format = StructureIO.ParseFormat(args.Str(k + 1, "format")); }
                    catch (GarneticsException e) { throw args.Error(k + 1, e.Message); }
                    k += 2; break;
                case "elements":
                    elements = [];
                    k++;
                    while (k < args.Count && args[k] is not ("format" or "frame" or "occupancy")) elements.Add(args[k++]);
                    if (elements.Count == 0) throw args.Error(k - 1, "read_data elements needs at least one element symbol");
                    break;
                case "frame": frame = args.Int(k + 1, "frame index"); k += 2; break;
                case "occupancy":
                    args.Choice(k + 1, "seed");
                    occSeed = args.Int(k + 2, "occupancy seed");
                    if (occSeed < 1 || occSeed > 900000000) throw args.Error(k + 2, $"occupancy seed must be an integer in 1..900000000, got {args[k + 2]}");
                    occWord = k;
                    k += 3; break;
                default:
                    throw args.Error(k, $"unknown read_data keyword '{args[k]}' (expected format, elements, frame, occupancy)");
            }
        }
        LineSource.CheckReadable(path, "data file", args.LocationOf(0));
        if (occSeed != null && (format == StructureFormat.Auto ? StructureIO.Detect(path) : format) != StructureFormat.Cif)
            throw args.Error(occWord, "read_data occupancy seed applies to CIF files only");
        var options = new StructureReadOptions { Elements = elements, Frame = frame, AtomStyle = sim.Atoms.Style, OccupancySeed = occSeed };
        var data = StructureIO.Read(path, format, options);
        // atom_style charge with a format that carries no charges (XYZ, CIF, POSCAR): charges start at zero, as in LAMMPS
        if (sim.Atoms.HasCharge && data.Charges == null) data.Charges = Enumerable.Repeat(0.0, data.Count).ToList();
        data.ApplyTo(sim.Atoms, sim.Box);
        sim.Box.Defined = true;
        sim.RecountAtoms();
        // LAMMPS's tilt limit for LAMMPS data files; a structure file's cell vectors are its own choice (a warning)
        sim.CheckSkew(args.Location, warnOnly: (format == StructureFormat.Auto ? StructureIO.Detect(path) : format) != StructureFormat.LammpsData);
        if (data.PairCoeffs.Count > 0 || data.PairIJCoeffs.Count > 0)
        {
            if (sim.Pair == null)
                throw args.Error(0, $"data file '{path}' has a Pair Coeffs section: define pair_style before read_data");
            foreach (var line in data.PairCoeffs)
            {
                var w = line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var words = new List<Word> { new(w[0], line.Location), new(w[0], line.Location) };
                words.AddRange(w.Skip(1).Select(t => new Word(t, line.Location)));
                sim.Pair.Coeff(new CommandArgs("pair_coeff", words, line.Location));
            }
            foreach (var line in data.PairIJCoeffs)
            {
                var words = line.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => new Word(t, line.Location)).ToList();
                sim.Pair.Coeff(new CommandArgs("pair_coeff", words, line.Location));
            }
        }
        var b = sim.Box;
        string tilts = b.Triclinic ? FormattableString.Invariant($", tilts {b.XY:G6} {b.XZ:G6} {b.YZ:G6}") : "";
        sim.Print(FormattableString.Invariant(
            $"Read {sim.Atoms.NAtoms} atoms of {sim.Atoms.NTypes} types from {path}: {(b.Triclinic ? "triclinic" : "orthogonal")} box {b.Lx:G8} x {b.Ly:G8} x {b.Lz:G8}{tilts}"));
        var named = Enumerable.Range(1, sim.Atoms.NTypes).Where(t => sim.Atoms.TypeElement[t] != null).Select(t => $"{t}={sim.Atoms.TypeElement[t]}").ToList();
        if (named.Count > 0) sim.Print("  types: " + string.Join(" ", named));
    }
}

[Command("write_data", Syntax = "write_data file [nocoeff] [nofix] [pair ii|ij] [format lammps|extxyz]",
    Help = """
        Write the current box and atoms (wrapped positions with image flags, velocities, charges for atom_style charge,
        masses) to a LAMMPS data file, or an extended XYZ file when the name ends in .xyz/.extxyz. `*` in the name
        becomes the step. Written to a temporary file and renamed, so an existing file is never left truncated. Pair
        coefficients are not written.
        """)]
public sealed class WriteDataCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        sim.RequireBox(args);
        string path = args[0].Replace("*", sim.Step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var format = StructureFormat.Auto;
        for (int k = 1; k < args.Count;)
        {
            switch (args[k])
            {
                case "nocoeff": case "nofix": case "nolabelmap": k++; break;
                case "pair": args.Choice(k + 1, "ii", "ij"); k += 2; break;
                case "format":
                    try { format = StructureIO.ParseFormat(args.Str(k + 1, "format")); }
                    catch (GarneticsException e) { throw args.Error(k + 1, e.Message); }
                    k += 2; break;
                default: throw args.Error(k, $"unknown write_data keyword '{args[k]}'");
            }
        }
        var data = StructureData.FromAtoms(sim.Atoms, sim.Box, includeForces: false);
        try
        {
            StructureIO.Write(path, data, format);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw args.Error(0, $"cannot write data file '{path}': {e.Message}");
        }
    }
}
