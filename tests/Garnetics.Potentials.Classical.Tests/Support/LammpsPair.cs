namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>Energy, per-atom forces (by tag, 1-based) and pressure tensor (xx yy zz xy xz yz) of one configuration.</summary>
public sealed record PairResult(double Pe, double[] Forces, double[] Pressure);

/// <summary>
/// Runs the installed LAMMPS (<see cref="LammpsRunner"/>) on a structure's data file with given pair commands (`run 0`)
/// and parses the force dump and the thermo line.
/// </summary>
public static class LammpsPair
{
    public static PairResult Run(Structure s, string units, bool charge, IEnumerable<string> pairCommands, string? workDir = null,
        List<string>? logLines = null)
    {
        var dir = workDir ?? TempDir.Create("lmp");
        try
        {
            LammpsData.Write(s, Path.Combine(dir, "data.lmp"), charge);
            var input = new List<string>
            {
                $"units {units}",
                $"atom_style {(charge ? "charge" : "atomic")}",
                "boundary p p p",
                "read_data data.lmp",
            };
            input.AddRange(pairCommands);
            input.AddRange(
            [
                "thermo_style custom pe pxx pyy pzz pxy pxz pyz",
                "thermo_modify format float %20.15g norm no",
                "dump d all custom 1 dump.f id fx fy fz",
                "dump_modify d sort id format float %20.15g",
                "run 0",
            ]);
            File.WriteAllLines(Path.Combine(dir, "in.test"), input);
            var run = LammpsRunner.RunInput(dir, "in.test");
            var forces = ReadForces(run.File("dump.f"), s.Count);
            var v = FirstThermoRow(run);
            logLines?.AddRange(File.ReadAllLines(run.File("log.lammps")));
            return new PairResult(v[0], forces, v[1..7]);
        }
        finally
        {
            if (workDir == null) TempDir.Delete(dir);
        }
    }

    /// <summary>The first row of the log's first thermo table of a thermo_style starting with pe (no step column).</summary>
    public static double[] FirstThermoRow(LammpsRun run) =>
        run.Thermo("PotEng").FirstOrDefault()?.Rows.FirstOrDefault()
        ?? throw new InvalidOperationException($"no thermo header in {run.File("log.lammps")}");

    /// <summary>Forces by tag (3 per atom) of a dump with the columns id fx fy fz.</summary>
    public static double[] ReadForces(string path, int natoms)
    {
        var d = LammpsDump.ReadLast(path);
        if (string.Join(' ', d.Columns) != "id fx fy fz") throw new InvalidOperationException("unexpected dump format");
        if (d.Rows.Length != natoms) throw new InvalidOperationException($"{path}: {d.Rows.Length} atoms, expected {natoms}");
        var f = new double[3 * natoms];
        foreach (var r in d.Rows)
        {
            int id = (int)r[0] - 1;
            for (int c = 0; c < 3; c++) f[3 * id + c] = r[1 + c];
        }
        return f;
    }
}
