namespace Garnetics.Engine.IO;

/// <summary>A raw line kept from a structure file (e.g. a Pair Coeffs entry), with where it came from.</summary>
public sealed record RawLine(string Text, SourceLocation Location);

/// <summary>
/// Format-neutral structure: a LAMMPS box and per-atom data in the LAMMPS frame (Cartesian, restricted triclinic).
/// Per-type arrays (<see cref="Masses"/>, <see cref="TypeElements"/>) are 1-based with length NTypes+1, like
/// <see cref="Atoms"/>. Optional per-atom lists are null when the file did not provide them.
/// </summary>
public sealed class StructureData
{
    public Box Box { get; set; } = new();
    /// <summary>
    /// Rotation R that took the file's general cell into the LAMMPS frame (r_lammps = R·r_file), or null when the
    /// file's frame is already LAMMPS's. Vectors go back with Rᵀ, tensors with Rᵀ·T·R.
    /// </summary>
    public double[,]? Rotation { get; set; }
    /// <summary>Title / comment line of the source file, if any.</summary>
    public string? Title { get; set; }

    public List<int> Tags { get; } = [];
    /// <summary>1-based atom types.</summary>
    public List<int> Types { get; } = [];
    /// <summary>Element symbol per atom, or null when unknown.</summary>
    public List<string?> Elements { get; } = [];
    /// <summary>Cartesian positions in the LAMMPS frame.</summary>
    public List<(double X, double Y, double Z)> Positions { get; } = [];
    public List<double>? Charges { get; set; }
    public List<(double X, double Y, double Z)>? Velocities { get; set; }
    public List<(double X, double Y, double Z)>? Forces { get; set; }
    public List<(int X, int Y, int Z)>? Images { get; set; }

    public int NTypes { get; private set; }
    /// <summary>Per-type mass (1-based), null where not given.</summary>
    public double?[] Masses { get; private set; } = [null];
    /// <summary>Per-type element symbol (1-based), null where unknown.</summary>
    public string?[] TypeElements { get; private set; } = [null];

    /// <summary>"atomic" or "charge" (charge when <see cref="Charges"/> is present).</summary>
    public string AtomStyle => Charges != null ? "charge" : "atomic";

    /// <summary>Lines of a data file's "Pair Coeffs" section, kept verbatim for the caller.</summary>
    public List<RawLine> PairCoeffs { get; } = [];
    /// <summary>Lines of a data file's "PairIJ Coeffs" section, kept verbatim.</summary>
    public List<RawLine> PairIJCoeffs { get; } = [];
    /// <summary>Key=value information from an extended XYZ comment line (other than Lattice and Properties).</summary>
    public Dictionary<string, string> Info { get; } = new(StringComparer.Ordinal);

    public int Count => Tags.Count;

    public void SetNTypes(int ntypes)
    {
        if (ntypes < 1) throw new GarneticsException($"number of atom types must be at least 1, got {ntypes}");
        var m = Masses;
        var e = TypeElements;
        Array.Resize(ref m, ntypes + 1);
        Array.Resize(ref e, ntypes + 1);
        Masses = m;
        TypeElements = e;
        NTypes = ntypes;
    }

    /// <summary>Append an atom; optional per-atom lists that exist get default values.</summary>
    public int AddAtom(int tag, int type, string? element, double x, double y, double z)
    {
        Tags.Add(tag);
        Types.Add(type);
        Elements.Add(element);
        Positions.Add((x, y, z));
        Charges?.Add(0.0);
        Velocities?.Add((0, 0, 0));
        Forces?.Add((0, 0, 0));
        Images?.Add((0, 0, 0));
        return Tags.Count - 1;
    }

    /// <summary>Number of atoms per element symbol (atoms without an element are counted under their type, "type N").</summary>
    public Dictionary<string, int> Composition()
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < Count; i++)
        {
            string key = Elements[i] ?? TypeElements.ElementAtOrDefault(Types[i]) ?? $"type {Types[i]}";
            d[key] = d.GetValueOrDefault(key) + 1;
        }
        return d;
    }

    /// <summary>Set masses of types without one from their element symbols, where known.</summary>
    public void FillMassesFromElements()
    {
        for (int t = 1; t <= NTypes; t++)
            if (Masses[t] == null && TypeElements[t] is { } el && PeriodicTable.TryGetMass(el, out var m))
                Masses[t] = m;
    }

    /// <summary>Check internal consistency (list lengths, type range, unique positive tags, box defined).</summary>
    public void Validate()
    {
        int n = Count;
        if (Types.Count != n || Elements.Count != n || Positions.Count != n)
            throw new GarneticsException("structure data is inconsistent: per-atom lists have different lengths");
        if (Charges != null && Charges.Count != n) throw new GarneticsException("structure data: charge list has the wrong length");
        if (Velocities != null && Velocities.Count != n) throw new GarneticsException("structure data: velocity list has the wrong length");
        if (Forces != null && Forces.Count != n) throw new GarneticsException("structure data: force list has the wrong length");
        if (Images != null && Images.Count != n) throw new GarneticsException("structure data: image list has the wrong length");
        if (NTypes < 1) throw new GarneticsException("structure data has no atom types");
        var seen = new HashSet<int>();
        for (int i = 0; i < n; i++)
        {
            if (Types[i] < 1 || Types[i] > NTypes)
                throw new GarneticsException($"atom {Tags[i]} has type {Types[i]} outside 1..{NTypes}");
            if (Tags[i] < 1) throw new GarneticsException($"atom tag {Tags[i]} is not positive");
            if (!seen.Add(Tags[i])) throw new GarneticsException($"duplicate atom tag {Tags[i]}");
        }
        if (!Box.Defined) throw new GarneticsException("structure data has no simulation box");
    }

    /// <summary>
    /// Load this structure into <paramref name="atoms"/> and <paramref name="box"/> (replacing their contents), as
    /// read_data does: box copied, types, masses and element names set, atoms added with tags, velocities, charges
    /// and image flags, then remapped into the periodic box (image flags updated).
    /// </summary>
    public void ApplyTo(Atoms atoms, Box box)
    {
        Validate();
        box.CopyFrom(Box);
        box.Defined = true;
        atoms.NLocal = 0;
        atoms.NGhost = 0;
        atoms.MaxTag = 0;
        atoms.SetTypes(NTypes);
        for (int t = 1; t <= NTypes; t++)
        {
            atoms.Mass[t] = Masses[t] ?? 0.0;
            atoms.MassSet[t] = Masses[t] != null;
            atoms.TypeElement[t] = TypeElements[t];
        }
        atoms.Style = AtomStyle;
        atoms.Grow(Count);
        for (int i = 0; i < Count; i++)
        {
            var (x, y, z) = Positions[i];
            int ix = 0, iy = 0, iz = 0;
            if (Images != null) (ix, iy, iz) = Images[i];
            box.Remap(ref x, ref y, ref z, ref ix, ref iy, ref iz);
            if (Math.Abs(ix) > Simulation.MaxImage || Math.Abs(iy) > Simulation.MaxImage || Math.Abs(iz) > Simulation.MaxImage)
                throw new GarneticsException(FormattableString.Invariant(
                    $"atom {Tags[i]} at ({Positions[i].X:G6}, {Positions[i].Y:G6}, {Positions[i].Z:G6}) lies more than {Simulation.MaxImage} box lengths outside the box: not a usable periodic image"));
            int k = atoms.AddLocal(Tags[i], Types[i], x, y, z);
            atoms.Image[3 * k] = ix; atoms.Image[3 * k + 1] = iy; atoms.Image[3 * k + 2] = iz;
            if (Velocities != null)
            {
                var (vx, vy, vz) = Velocities[i];
                atoms.V[3 * k] = vx; atoms.V[3 * k + 1] = vy; atoms.V[3 * k + 2] = vz;
            }
            if (Charges != null) atoms.Q[k] = Charges[i];
        }
        atoms.NAtoms = Count;
    }

    /// <summary>
    /// A structure from a cell (rows a, b, c, in any orientation; rotated into LAMMPS's frame when it is not already
    /// lower-triangular, <see cref="Rotation"/> set), Cartesian positions in the cell's frame, 1-based types among
    /// <paramref name="ntypes"/> and optional charges; tags 1..N in order. For the calculator API and fitting code.
    /// </summary>
    public static StructureData FromCell(double[,] cell, IReadOnlyList<(double X, double Y, double Z)> positions, IReadOnlyList<int> types,
        int ntypes, IReadOnlyList<double>? charges = null)
    {
        if (types.Count != positions.Count) throw new GarneticsException($"structure: {positions.Count} positions but {types.Count} types");
        if (charges != null && charges.Count != positions.Count) throw new GarneticsException($"structure: {positions.Count} positions but {charges.Count} charges");
        var (box, rot) = CellMath.BoxFromCell(cell);
        var d = new StructureData { Box = box, Rotation = rot };
        d.SetNTypes(ntypes);
        if (charges != null) d.Charges = [];
        for (int i = 0; i < positions.Count; i++)
        {
            var p = CellMath.Rotate(rot, positions[i]);
            d.AddAtom(i + 1, types[i], null, p.X, p.Y, p.Z);
            if (charges != null) d.Charges![i] = charges[i];
        }
        d.Validate();
        return d;
    }

    /// <summary>
    /// Snapshot of the local atoms and box (used by the writers). Velocities and image flags are always included,
    /// charges when the atom style is "charge", forces when <paramref name="includeForces"/> is set.
    /// </summary>
    public static StructureData FromAtoms(Atoms atoms, Box box, bool includeForces = false)
    {
        var d = new StructureData { Box = box.Clone() };
        d.SetNTypes(Math.Max(atoms.NTypes, 1));
        for (int t = 1; t <= atoms.NTypes; t++)
        {
            d.Masses[t] = t < atoms.MassSet.Length && atoms.MassSet[t] ? atoms.Mass[t] : null;
            d.TypeElements[t] = t < atoms.TypeElement.Length ? atoms.TypeElement[t] : null;
        }
        d.Velocities = [];
        d.Images = [];
        if (atoms.HasCharge) d.Charges = [];
        if (includeForces) d.Forces = [];
        for (int i = 0; i < atoms.NLocal; i++)
        {
            int t = atoms.Type[i];
            d.Tags.Add(atoms.Tag[i]);
            d.Types.Add(t);
            d.Elements.Add(t >= 1 && t < atoms.TypeElement.Length ? atoms.TypeElement[t] : null);
            d.Positions.Add((atoms.X[3 * i], atoms.X[3 * i + 1], atoms.X[3 * i + 2]));
            d.Velocities.Add((atoms.V[3 * i], atoms.V[3 * i + 1], atoms.V[3 * i + 2]));
            d.Images.Add((atoms.Image[3 * i], atoms.Image[3 * i + 1], atoms.Image[3 * i + 2]));
            d.Charges?.Add(atoms.Q[i]);
            d.Forces?.Add((atoms.F[3 * i], atoms.F[3 * i + 1], atoms.F[3 * i + 2]));
        }
        return d;
    }
}
