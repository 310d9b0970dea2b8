using System.Text;

namespace Garnetics.Engine.Commands;

[Command("potential_test", Syntax = "potential_test file.xyz [elements E1 E2 ...] [prefix P]",
    Help = """
        Evaluate the current pair style (and kspace style) on every frame of an extended XYZ file, as GPUMD's
        `prediction` mode does, and compare with the reference data in the file: the energy (info key energy, eV),
        forces (a forces:R:3 column, eV/A) and the stress (info key stress, eV/A^3, ASE sign: positive under tension) or
        virial (info key virial, eV). Prints the RMSE of the energy per atom (meV/atom), of every force component
        (meV/A) and of the six virial-per-volume components (GPa), and writes, like GPUMD, P energy_test.out (predicted
        and reference energy per atom, eV/atom), P force_test.out (predicted fx fy fz then reference, eV/A, in the
        file's Cartesian frame) and P stress_test.out (predicted then reference W/V in GPa, order xx yy zz xy yz zx,
        positive under compression, i.e. W/V = −stress). Each frame replaces the current box and atoms (the last frame
        stays loaded); `elements` maps element i to atom type i (default: the element names of the current atom types).
        Frames without a reference quantity are skipped for that RMSE.
        """)]
public sealed class PotentialTestCommand : ICommand
{
    private const double EvPerA3ToGPa = 160.21766208;

    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        string path = args[0];
        List<string>? elements = null;
        string prefix = "";
        for (int k = 1; k < args.Count;)
        {
            switch (args[k])
            {
                case "elements":
                    elements = [];
                    k++;
                    while (k < args.Count && args[k] != "prefix") elements.Add(args[k++]);
                    if (elements.Count == 0) throw args.Error(k - 1, "potential_test elements needs at least one element symbol");
                    break;
                case "prefix": prefix = args.Str(k + 1, "output file prefix"); k += 2; break;
                default: throw args.Error(k, $"unknown potential_test keyword '{args[k]}' (expected elements, prefix)");
            }
        }
        LineSource.CheckReadable(path, "extended XYZ file", args.LocationOf(0));
        if (sim.Pair == null) throw args.Error("potential_test: define a pair style (and its coefficients) first");
        if (elements == null)
        {
            if (sim.Atoms.NTypes > 0 && Enumerable.Range(1, sim.Atoms.NTypes).All(t => sim.Atoms.TypeElement[t] != null))
                elements = Enumerable.Range(1, sim.Atoms.NTypes).Select(t => sim.Atoms.TypeElement[t]!).ToList();
            else throw args.Error("potential_test: no element names for the atom types: give `elements E1 E2 ...`");
        }
        var options = new StructureReadOptions { Elements = elements, AtomStyle = sim.Atoms.Style };

        var energyLines = new StringBuilder();
        var forceLines = new StringBuilder();
        var stressLines = new StringBuilder();
        double se = 0, sf = 0, ss = 0;
        long ne = 0, nf = 0, ns = 0;
        int frames = 0;
        var inv = CultureInfo.InvariantCulture;
        var calc = new Calculator(sim, elements);
        foreach (var data in ExtXyzReader.ReadAll(path, options))
        {
            if (data.NTypes != elements.Count) data.SetNTypes(elements.Count);
            var r = calc.Calculate(data);
            int n = data.Count;
            double e = r.Energy;
            var rot = data.Rotation;
            // energy
            string? eref = Info(data, "energy");
            double eRefPerAtom = eref != null ? ParseNum(args, eref, "energy", frames) / n : double.NaN;
            energyLines.Append(string.Format(inv, "{0:G10} {1:G10}\n", e / n, eRefPerAtom));
            if (eref != null) { se += Sq(e / n - eRefPerAtom); ne++; }
            // forces in the file's frame and order
            for (int i = 0; i < n; i++)
            {
                double fx = r.Forces[3 * i], fy = r.Forces[3 * i + 1], fz = r.Forces[3 * i + 2];
                if (data.Forces != null)
                {
                    var (rx, ry, rz) = Calculator.RotateBack(rot, data.Forces[i].X, data.Forces[i].Y, data.Forces[i].Z);
                    forceLines.Append(string.Format(inv, "{0:G10} {1:G10} {2:G10} {3:G10} {4:G10} {5:G10}\n", fx, fy, fz, rx, ry, rz));
                    sf += Sq(fx - rx) + Sq(fy - ry) + Sq(fz - rz);
                    nf += 3;
                }
                else forceLines.Append(string.Format(inv, "{0:G10} {1:G10} {2:G10} nan nan nan\n", fx, fy, fz));
            }
            // virial per volume in GPa, file frame, order xx yy zz xy yz zx
            double vol = r.Volume;
            var wt = r.Virial; // xx yy zz xy xz yz, in the file's frame
            var pred = new[] { wt[0], wt[1], wt[2], wt[3], wt[5], wt[4] }.Select(v => v / vol * EvPerA3ToGPa).ToArray();
            double[]? refv = null;
            if (Info(data, "virial") is { } vs) refv = Tensor(args, vs, "virial", frames, 1.0 / vol);
            else if (Info(data, "stress") is { } ss0) refv = Tensor(args, ss0, "stress", frames, -1.0);
            if (refv != null)
            {
                for (int c = 0; c < 6; c++) { refv[c] *= EvPerA3ToGPa; ss += Sq(pred[c] - refv[c]); }
                ns += 6;
            }
            stressLines.Append(string.Join(' ', pred.Concat(refv ?? Enumerable.Repeat(double.NaN, 6).ToArray()).Select(v => v.ToString("G10", inv)))).Append('\n');
            frames++;
        }
        try
        {
            AtomicFile.Write(prefix + "energy_test.out", w => w.Write(energyLines.ToString()));
            AtomicFile.Write(prefix + "force_test.out", w => w.Write(forceLines.ToString()));
            AtomicFile.Write(prefix + "stress_test.out", w => w.Write(stressLines.ToString()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw args.Error($"potential_test: cannot write the output files with prefix '{prefix}': {e.Message}");
        }
        LastEnergyRmse = ne > 0 ? Math.Sqrt(se / ne) : double.NaN;
        LastForceRmse = nf > 0 ? Math.Sqrt(sf / nf) : double.NaN;
        LastStressRmse = ns > 0 ? Math.Sqrt(ss / ns) : double.NaN;
        sim.Print(string.Format(inv, "potential_test {0}: {1} frames", path, frames));
        sim.Print(string.Format(inv, "  energy RMSE {0:F4} meV/atom ({1} frames with a reference)", LastEnergyRmse * 1000, ne));
        sim.Print(string.Format(inv, "  force  RMSE {0:F4} meV/A ({1} components)", LastForceRmse * 1000, nf));
        sim.Print(string.Format(inv, "  virial RMSE {0:F5} GPa ({1} components)", LastStressRmse, ns));
        sim.Print($"  wrote {prefix}energy_test.out, {prefix}force_test.out, {prefix}stress_test.out");
    }

    /// <summary>RMSEs of the last potential_test (eV/atom, eV/A, GPa), for scripts and tests.</summary>
    public static double LastEnergyRmse { get; private set; } = double.NaN;
    public static double LastForceRmse { get; private set; } = double.NaN;
    public static double LastStressRmse { get; private set; } = double.NaN;

    private static double Sq(double v) => v * v;

    private static string? Info(StructureData d, string key)
    {
        foreach (var (k, v) in d.Info) if (k.Equals(key, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    private static double ParseNum(CommandArgs args, string s, string what, int frame) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v : throw args.Error(0, $"frame {frame} of '{args[0]}': bad {what} value '{s}'");

    /// <summary>A 3x3 (9 numbers, row-major) or Voigt-6 tensor from an info value, times <paramref name="scale"/>,
    /// as xx yy zz xy yz zx.</summary>
    private static double[] Tensor(CommandArgs args, string s, string what, int frame, double scale)
    {
        var p = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => ParseNum(args, t, what, frame)).ToArray();
        if (p.Length == 9) return [p[0] * scale, p[4] * scale, p[8] * scale, p[1] * scale, p[5] * scale, p[6] * scale];
        if (p.Length == 6) return [p[0] * scale, p[1] * scale, p[2] * scale, p[5] * scale, p[3] * scale, p[4] * scale];
        throw args.Error(0, $"frame {frame} of '{args[0]}': {what} needs 9 (3x3) or 6 (Voigt xx yy zz yz xz xy) numbers, got {p.Length}");
    }
}
