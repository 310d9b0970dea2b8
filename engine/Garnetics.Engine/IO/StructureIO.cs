namespace Garnetics.Engine.IO;

/// <summary>Structure file formats known to <see cref="StructureIO"/>.</summary>
public enum StructureFormat { Auto, LammpsData, ExtXyz, Poscar, Cif }

/// <summary>Entry point: read or write a structure file, choosing the format from the name when not given.</summary>
public static class StructureIO
{
    /// <summary>
    /// Format from a format word ("data", "lammps", "xyz", "extxyz", "poscar", "vasp", "contcar", "cif") or, for
    /// <see cref="StructureFormat.Auto"/>, from the file name: *.cif, *.xyz/*.extxyz, POSCAR*/CONTCAR*/*.vasp/*.poscar,
    /// and otherwise a LAMMPS data file.
    /// </summary>
    public static StructureFormat Detect(string path)
    {
        string name = Path.GetFileName(path);
        string ext = Path.GetExtension(name).ToLowerInvariant();
        if (ext == ".cif") return StructureFormat.Cif;
        if (ext is ".xyz" or ".extxyz") return StructureFormat.ExtXyz;
        if (ext is ".vasp" or ".poscar" || name.StartsWith("POSCAR", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("CONTCAR", StringComparison.OrdinalIgnoreCase))
            return StructureFormat.Poscar;
        return StructureFormat.LammpsData;
    }

    public static StructureFormat ParseFormat(string word) => word.ToLowerInvariant() switch
    {
        "auto" => StructureFormat.Auto,
        "data" or "lammps" or "lammps-data" or "lmp" => StructureFormat.LammpsData,
        "xyz" or "extxyz" => StructureFormat.ExtXyz,
        "poscar" or "contcar" or "vasp" => StructureFormat.Poscar,
        "cif" => StructureFormat.Cif,
        _ => throw new GarneticsException($"unknown structure format '{word}' (expected data, xyz, extxyz, poscar or cif)", offending: word),
    };

    public static StructureData Read(string path, StructureFormat format = StructureFormat.Auto, StructureReadOptions? options = null)
    {
        if (format == StructureFormat.Auto) format = Detect(path);
        return format switch
        {
            StructureFormat.LammpsData => LammpsDataReader.Read(path, options),
            StructureFormat.ExtXyz => ExtXyzReader.Read(path, options),
            StructureFormat.Poscar => PoscarReader.Read(path, options),
            StructureFormat.Cif => CifReader.Read(path, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Write a LAMMPS data file or an extended XYZ file (by format or by name: *.xyz/*.extxyz is XYZ).</summary>
    public static void Write(string path, StructureData data, StructureFormat format = StructureFormat.Auto)
    {
        if (format == StructureFormat.Auto) format = Detect(path);
        switch (format)
        {
            case StructureFormat.LammpsData: LammpsDataWriter.Write(path, data); break;
            case StructureFormat.ExtXyz: ExtXyzWriter.Write(path, data); break;
            default: throw new GarneticsException($"writing {format} files is not supported (use a data file or extended XYZ)");
        }
    }
}
