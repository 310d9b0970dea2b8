using System.Text;

namespace Garnetics.Engine.IO;

/// <summary>
/// LAMMPS data file writer with write_data semantics: header (counts, box, tilts when triclinic), Masses (with the
/// element as a comment when known), "Atoms # atomic|charge" with image flags, and Velocities. Numbers use the
/// shortest round-trip representation so reading the file back gives bit-identical doubles.
/// </summary>
public static class LammpsDataWriter
{
    public static void Write(string path, StructureData d, bool writeVelocities = true, bool writePairCoeffs = true)
    {
        d.Validate();
        AtomicFile.Write(path, w => WriteTo(w, d, writeVelocities, writePairCoeffs));
    }

    public static void Write(string path, Atoms atoms, Box box, bool writeVelocities = true) =>
        Write(path, StructureData.FromAtoms(atoms, box), writeVelocities);

    public static void WriteTo(TextWriter w, StructureData d, bool writeVelocities = true, bool writePairCoeffs = true)
    {
        var b = d.Box;
        string F(double v) => CFormat.RoundTrip(v);
        string title = string.IsNullOrWhiteSpace(d.Title) ? "LAMMPS data file written by Garnetics" : d.Title!.ReplaceLineEndings(" ");
        w.WriteLine(title);
        w.WriteLine();
        w.WriteLine($"{IoUtil.Fmt(d.Count)} atoms");
        w.WriteLine($"{IoUtil.Fmt(d.NTypes)} atom types");
        w.WriteLine();
        w.WriteLine($"{F(b.XLo)} {F(b.XHi)} xlo xhi");
        w.WriteLine($"{F(b.YLo)} {F(b.YHi)} ylo yhi");
        w.WriteLine($"{F(b.ZLo)} {F(b.ZHi)} zlo zhi");
        if (b.Triclinic) w.WriteLine($"{F(b.XY)} {F(b.XZ)} {F(b.YZ)} xy xz yz");

        // LAMMPS reads exactly one Masses line per type: write the section only when every type has a mass
        bool allMasses = true;
        for (int t = 1; t <= d.NTypes; t++) allMasses &= d.Masses[t] != null;
        if (allMasses)
        {
            w.WriteLine();
            w.WriteLine("Masses");
            w.WriteLine();
            for (int t = 1; t <= d.NTypes; t++)
            {
                if (d.Masses[t] is not { } m) continue;
                w.WriteLine(d.TypeElements[t] is { } el ? $"{t} {F(m)} # {el}" : $"{t} {F(m)}");
            }
        }

        if (writePairCoeffs && d.PairCoeffs.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Pair Coeffs");
            w.WriteLine();
            foreach (var l in d.PairCoeffs) w.WriteLine(l.Text);
        }
        if (writePairCoeffs && d.PairIJCoeffs.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("PairIJ Coeffs");
            w.WriteLine();
            foreach (var l in d.PairIJCoeffs) w.WriteLine(l.Text);
        }

        bool charge = d.Charges != null;
        w.WriteLine();
        w.WriteLine(charge ? "Atoms # charge" : "Atoms # atomic");
        w.WriteLine();
        var sb = new StringBuilder(128);
        for (int i = 0; i < d.Count; i++)
        {
            sb.Clear();
            sb.Append(IoUtil.Fmt(d.Tags[i])).Append(' ').Append(IoUtil.Fmt(d.Types[i]));
            if (charge) sb.Append(' ').Append(F(d.Charges![i]));
            var (x, y, z) = d.Positions[i];
            sb.Append(' ').Append(F(x)).Append(' ').Append(F(y)).Append(' ').Append(F(z));
            var (ix, iy, iz) = d.Images?[i] ?? (0, 0, 0);
            sb.Append(' ').Append(IoUtil.Fmt(ix)).Append(' ').Append(IoUtil.Fmt(iy)).Append(' ').Append(IoUtil.Fmt(iz));
            w.WriteLine(sb.ToString());
        }

        if (writeVelocities && d.Velocities != null && d.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Velocities");
            w.WriteLine();
            for (int i = 0; i < d.Count; i++)
            {
                var (vx, vy, vz) = d.Velocities[i];
                w.WriteLine($"{IoUtil.Fmt(d.Tags[i])} {F(vx)} {F(vy)} {F(vz)}");
            }
        }
    }
}
