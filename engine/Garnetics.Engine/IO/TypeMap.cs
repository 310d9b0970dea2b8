namespace Garnetics.Engine.IO;

/// <summary>
/// Element -> atom type mapping for files that name elements. With a caller-supplied ordered element list, element i
/// is type i+1 (and an element missing from the list is an error); otherwise types follow first appearance.
/// </summary>
internal sealed class TypeMap
{
    private readonly List<string> _order = [];
    private readonly bool _fixed;

    public TypeMap(IReadOnlyList<string>? elements)
    {
        if (elements == null || elements.Count == 0) return;
        _fixed = true;
        foreach (var raw in elements)
        {
            var el = PeriodicTable.NormalizeExact(raw)
                ?? throw new GarneticsException($"unknown element '{raw}' in the element list");
            if (_order.Contains(el))
                throw new GarneticsException($"element '{el}' appears twice in the element list");
            _order.Add(el);
        }
    }

    public bool IsFixed => _fixed;
    public IReadOnlyList<string> Order => _order;

    /// <summary>Type of an element (normalized symbol), or null when a fixed list does not contain it.</summary>
    public int? TypeOf(string element)
    {
        int k = _order.IndexOf(element);
        if (k >= 0) return k + 1;
        if (_fixed) return null;
        _order.Add(element);
        return _order.Count;
    }

    public string Describe() => string.Join(" ", _order);

    /// <summary>Set the number of types, per-type elements and masses (from the element table) on the data.</summary>
    public void ApplyTo(StructureData d)
    {
        d.SetNTypes(Math.Max(_order.Count, 1));
        for (int t = 1; t <= _order.Count; t++) d.TypeElements[t] = _order[t - 1];
        d.FillMassesFromElements();
    }
}

/// <summary>Options shared by the structure readers.</summary>
public sealed class StructureReadOptions
{
    /// <summary>
    /// Ordered element list: element i becomes atom type i+1. Null: types in order of first appearance (structure
    /// files) or as given by the file (LAMMPS data files, where this list names the element of each type).
    /// </summary>
    public IReadOnlyList<string>? Elements { get; init; }
    /// <summary>Frame of a multi-frame extended XYZ file, 0-based; negative counts from the end (-1 = last).</summary>
    public int Frame { get; init; }
    /// <summary>Atom style of a LAMMPS data file ("atomic" or "charge"); null: the "# style" hint or the column count.</summary>
    public string? AtomStyle { get; init; }
    /// <summary>CIF: fractional distance below which symmetry-generated positions are merged.</summary>
    public double MergeTolerance { get; init; } = 1e-3;
    /// <summary>CIF: seed (1..900000000) for ordering partially occupied sites; null: partial occupancy is an error.</summary>
    public int? OccupancySeed { get; init; }
    /// <summary>Plain XYZ without Lattice=: cell vectors (rows) to use instead of failing.</summary>
    public double[,]? DefaultCell { get; init; }

    public static readonly StructureReadOptions Default = new();
}
