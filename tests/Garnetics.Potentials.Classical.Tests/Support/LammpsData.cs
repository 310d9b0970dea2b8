using System.Globalization;
using System.Text;
using Garnetics.Engine;
using Garnetics.Engine.Core;

namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>
/// Writes a LAMMPS data file (atom_style atomic or charge, orthogonal box, masses) with round-trip numbers, and reads
/// one back into a Simulation (a minimal stand-in for read_data until the io branch lands).
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

    /// <summary>Read a data file written by <see cref="Write"/> into an empty simulation whose units and atom_style are set.</summary>
    public static void Load(Simulation sim, string path)
    {
        var lines = File.ReadAllLines(path);
        int natoms = 0, ntypes = 0;
        double[] lo = new double[3], hi = new double[3];
        int i = 1;
        for (; i < lines.Length; i++)
        {
            var w = Words(lines[i]);
            if (w.Length == 0) continue;
            if (w.Length == 2 && w[1] == "atoms") natoms = int.Parse(w[0], CultureInfo.InvariantCulture);
            else if (w.Length == 3 && w[1] == "atom" && w[2] == "types") ntypes = int.Parse(w[0], CultureInfo.InvariantCulture);
            else if (w.Length == 4 && w[3].EndsWith("hi"))
            {
                int d = "xyz".IndexOf(w[2][0]);
                lo[d] = D(w[0]); hi[d] = D(w[1]);
            }
            else break;
        }
        var box = sim.Box;
        box.XLo = lo[0]; box.XHi = hi[0]; box.YLo = lo[1]; box.YHi = hi[1]; box.ZLo = lo[2]; box.ZHi = hi[2];
        box.Defined = true;
        box.SetGlobal();
        var atoms = sim.Atoms;
        atoms.SetTypes(ntypes);
        bool charge = atoms.HasCharge;
        for (; i < lines.Length; i++)
        {
            var w = Words(lines[i]);
            if (w.Length == 0) continue;
            if (w[0] == "Masses")
            {
                for (int t = 0; t < ntypes; t++)
                {
                    var m = Words(NextNonEmpty(lines, ref i));
                    int type = int.Parse(m[0], CultureInfo.InvariantCulture);
                    atoms.Mass[type] = D(m[1]);
                    atoms.MassSet[type] = true;
                }
            }
            else if (w[0] == "Atoms")
            {
                if (w.Length >= 3 && (w[2] == "charge") != charge)
                    throw new InvalidOperationException($"data file has Atoms # {w[2]} but atom_style is {atoms.Style}");
                for (int k = 0; k < natoms; k++)
                {
                    var a = Words(NextNonEmpty(lines, ref i));
                    int c = charge ? 1 : 0;
                    int idx = atoms.AddLocal(int.Parse(a[0], CultureInfo.InvariantCulture), int.Parse(a[1], CultureInfo.InvariantCulture),
                        D(a[2 + c]), D(a[3 + c]), D(a[4 + c]));
                    if (charge) atoms.Q[idx] = D(a[2]);
                }
            }
        }
        sim.RecountAtoms();
    }

    private static string NextNonEmpty(string[] lines, ref int i)
    {
        while (++i < lines.Length) if (lines[i].Trim().Length > 0) return lines[i];
        throw new InvalidOperationException("unexpected end of data file");
    }

    private static string[] Words(string l)
    {
        int h = l.IndexOf('#');
        if (h >= 0 && !l.TrimStart().StartsWith("Atoms")) l = l[..h];
        return l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
