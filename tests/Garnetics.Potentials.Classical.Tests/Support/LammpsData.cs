namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>
/// Writes a test <see cref="Structure"/> as a LAMMPS data file (<see cref="DataFile"/>: atom_style atomic or charge,
/// orthogonal box at the origin, masses; tags 1..N in order); LAMMPS and Garnetics (its read_data command) both read
/// this same file.
/// </summary>
public static class LammpsData
{
    public static void Write(Structure s, string path, bool charge)
    {
        var data = new DataFile(s.Masses, charge).Box(0, s.Lx, 0, s.Ly, 0, s.Lz);
        for (int i = 0; i < s.Count; i++)
        {
            int t = s.Type[i];
            data.Atom(i + 1, t, charge ? s.Charges[t] : 0, s.X[3 * i], s.X[3 * i + 1], s.X[3 * i + 2]);
        }
        data.Write(path);
    }
}
