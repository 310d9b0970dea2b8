using System.Text;

namespace Garnetics.TestSupport;

/// <summary>
/// A LAMMPS data file (atom_style atomic or charge, optional tilt and Velocities section) written with round-trip
/// numbers, so that LAMMPS and Garnetics (its read_data command) read exactly the same configuration.
/// </summary>
/// <param name="masses">mass per type, 1-based like LAMMPS (index 0 unused)</param>
/// <param name="charge">atom_style charge (a charge column) instead of atomic</param>
/// <param name="title">the first line of the file</param>
public sealed class DataFile(double[] masses, bool charge = false, string title = "LAMMPS data file written by Garnetics tests")
{
    private double[] _lo = [0, 0, 0], _hi = [1, 1, 1];
    private (double Xy, double Xz, double Yz)? _tilt;
    private readonly List<(int Tag, int Type, double Q, double X, double Y, double Z)> _atoms = [];
    private readonly List<(int Tag, double Vx, double Vy, double Vz)> _velocities = [];

    public int NTypes => masses.Length - 1;

    /// <summary>The box: bounds and, for a triclinic box, the tilt factors xy xz yz.</summary>
    public DataFile Box(double xlo, double xhi, double ylo, double yhi, double zlo, double zhi, (double Xy, double Xz, double Yz)? tilt = null)
    {
        (_lo, _hi, _tilt) = ([xlo, ylo, zlo], [xhi, yhi, zhi], tilt);
        return this;
    }

    public DataFile Atom(int tag, int type, double q, double x, double y, double z)
    {
        _atoms.Add((tag, type, q, x, y, z));
        return this;
    }

    public DataFile Velocity(int tag, double vx, double vy, double vz)
    {
        _velocities.Add((tag, vx, vy, vz));
        return this;
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public string Text()
    {
        var sb = new StringBuilder();
        sb.Append(title).Append("\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"{_atoms.Count} atoms\n{NTypes} atom types\n\n");
        sb.Append($"{F(_lo[0])} {F(_hi[0])} xlo xhi\n{F(_lo[1])} {F(_hi[1])} ylo yhi\n{F(_lo[2])} {F(_hi[2])} zlo zhi\n");
        if (_tilt is { } t) sb.Append($"{F(t.Xy)} {F(t.Xz)} {F(t.Yz)} xy xz yz\n");
        sb.Append("\nMasses\n\n");
        for (int k = 1; k <= NTypes; k++) sb.Append(CultureInfo.InvariantCulture, $"{k} {F(masses[k])}\n");
        sb.Append(charge ? "\nAtoms # charge\n\n" : "\nAtoms # atomic\n\n");
        foreach (var a in _atoms)
        {
            sb.Append(a.Tag).Append(' ').Append(a.Type).Append(' ');
            if (charge) sb.Append(F(a.Q)).Append(' ');
            sb.Append(F(a.X)).Append(' ').Append(F(a.Y)).Append(' ').Append(F(a.Z)).Append('\n');
        }
        if (_velocities.Count > 0)
        {
            sb.Append("\nVelocities\n\n");
            foreach (var v in _velocities) sb.Append(CultureInfo.InvariantCulture, $"{v.Tag} {F(v.Vx)} {F(v.Vy)} {F(v.Vz)}\n");
        }
        return sb.ToString();
    }

    public void Write(string path) => File.WriteAllText(path, Text());
}
