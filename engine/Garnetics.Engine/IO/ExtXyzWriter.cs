using System.Text;

namespace Garnetics.Engine.IO;

/// <summary>
/// Writes one extended XYZ frame: Lattice from the LAMMPS box (rows a, b, c), Properties species:S:1:pos:R:3 plus
/// vel:R:3, forces:R:3 and charge:R:1 when present and requested, pbc="T T T", Origin when the box does not start at
/// 0, and the structure's <see cref="StructureData.Info"/> entries. Species are element symbols, or the numeric type
/// when the element is unknown. Values are written in the units of the data (no conversion).
/// </summary>
public static class ExtXyzWriter
{
    public static void Write(string path, StructureData d, bool writeVelocities = true, bool writeForces = true, bool writeCharges = true)
    {
        d.Validate();
        AtomicFile.Write(path, w => WriteTo(w, d, writeVelocities, writeForces, writeCharges));
    }

    public static void Write(string path, Atoms atoms, Box box, bool writeVelocities = true, bool writeForces = false) =>
        Write(path, StructureData.FromAtoms(atoms, box, includeForces: writeForces), writeVelocities, writeForces);

    public static void WriteTo(TextWriter w, StructureData d, bool writeVelocities = true, bool writeForces = true, bool writeCharges = true)
    {
        var b = d.Box;
        string F(double v) => CFormat.RoundTrip(v);
        bool vel = writeVelocities && d.Velocities != null;
        bool frc = writeForces && d.Forces != null;
        bool chg = writeCharges && d.Charges != null;
        var cell = CellMath.CellOf(b);
        var sb = new StringBuilder();
        sb.Append("Lattice=\"");
        for (int r = 0; r < 3; r++)
            for (int k = 0; k < 3; k++)
            {
                if (r + k > 0) sb.Append(' ');
                sb.Append(F(cell[r, k]));
            }
        sb.Append("\" Properties=species:S:1:pos:R:3");
        if (vel) sb.Append(":vel:R:3");
        if (frc) sb.Append(":forces:R:3");
        if (chg) sb.Append(":charge:R:1");
        if (b.XLo != 0 || b.YLo != 0 || b.ZLo != 0) sb.Append($" Origin=\"{F(b.XLo)} {F(b.YLo)} {F(b.ZLo)}\"");
        foreach (var (k, v) in d.Info)
        {
            if (k.Length == 0 || k.Any(c => char.IsWhiteSpace(c) || c is '=' or '"')) continue;
            if (k.Equals("pbc", StringComparison.OrdinalIgnoreCase) || k.Equals("Origin", StringComparison.OrdinalIgnoreCase)) continue;
            sb.Append(' ').Append(k).Append('=').Append(Quote(v));
        }
        sb.Append(" pbc=\"T T T\"");
        w.WriteLine(IoUtil.Fmt(d.Count));
        w.WriteLine(sb.ToString());
        for (int i = 0; i < d.Count; i++)
        {
            sb.Clear();
            int t = d.Types[i];
            string species = d.Elements[i] ?? (t < d.TypeElements.Length ? d.TypeElements[t] : null) ?? IoUtil.Fmt(t);
            var (x, y, z) = d.Positions[i];
            sb.Append(species).Append(' ').Append(F(x)).Append(' ').Append(F(y)).Append(' ').Append(F(z));
            if (vel)
            {
                var (vx, vy, vz) = d.Velocities![i];
                sb.Append(' ').Append(F(vx)).Append(' ').Append(F(vy)).Append(' ').Append(F(vz));
            }
            if (frc)
            {
                var (fx, fy, fz) = d.Forces![i];
                sb.Append(' ').Append(F(fx)).Append(' ').Append(F(fy)).Append(' ').Append(F(fz));
            }
            if (chg) sb.Append(' ').Append(F(d.Charges![i]));
            w.WriteLine(sb.ToString());
        }
    }

    private static string Quote(string v)
    {
        if (v.Length > 0 && !v.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '=' or '{' or '[')) return v;
        return "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
