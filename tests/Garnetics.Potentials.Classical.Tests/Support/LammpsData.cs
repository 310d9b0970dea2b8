using System.Globalization;
using System.Text;

namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>
/// Writes a LAMMPS data file (atom_style atomic or charge, orthogonal box, masses) with round-trip numbers; LAMMPS and
/// Garnetics (its read_data command) both read this same file.
/// </summary>
public static class LammpsData
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static void Write(Structure s, string path, bool charge)
    {
        var sb = new StringBuilder();
        sb.Append("LAMMPS data file written by Garnetics tests\n\n");
        sb.Append($"{s.Count} atoms\n{s.NTypes} atom types\n\n");
        sb.Append($"0 {F(s.Lx)} xlo xhi\n0 {F(s.Ly)} ylo yhi\n0 {F(s.Lz)} zlo zhi\n\n");
        sb.Append("Masses\n\n");
        for (int t = 1; t <= s.NTypes; t++) sb.Append($"{t} {F(s.Masses[t])}\n");
        sb.Append(charge ? "\nAtoms # charge\n\n" : "\nAtoms # atomic\n\n");
        for (int i = 0; i < s.Count; i++)
        {
            int t = s.Type[i];
            sb.Append(i + 1).Append(' ').Append(t).Append(' ');
            if (charge) sb.Append(F(s.Charges[t])).Append(' ');
            sb.Append(F(s.X[3 * i])).Append(' ').Append(F(s.X[3 * i + 1])).Append(' ').Append(F(s.X[3 * i + 2])).Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }
}
