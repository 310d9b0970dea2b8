namespace Garnetics.Potentials.Nep.Tests;

/// <summary>The NEP model and training data of the shared reference data, and the python reference script.</summary>
public static class Paths
{
    public static string Nep25 => LlzoData.Nep25Dir;
    public static string Nep25Model => Path.Combine(Nep25, "nep.txt");
    public static string Train => LlzoData.TrainXyz;
    public static string PythonRef => TestPaths.InRepo("tests", "Garnetics.Potentials.Nep.Tests", "python", "nep_ref.py");

    /// <summary>The first <paramref name="frame"/>-th frame of train.xyz as its own file.</summary>
    public static string TrainFrame(int frame, string dir, bool squeeze = false)
    {
        var lines = File.ReadAllLines(Train);
        int at = 0;
        for (int f = 0; f < frame; f++) at += int.Parse(lines[at].Trim(), CultureInfo.InvariantCulture) + 2;
        int n = int.Parse(lines[at].Trim(), CultureInfo.InvariantCulture);
        var path = Path.Combine(dir, $"frame{frame}{(squeeze ? "-squeezed" : "")}.xyz");
        var frameLines = lines.Skip(at).Take(n + 2).ToArray();
        if (squeeze)
        {
            // put the first atom (Li) 1.05 A from the first O along (1, 0.3, 0)/|.|: inside the ZBL ranges of the models
            int o = Array.FindIndex(frameLines, 2, l => l.TrimStart().StartsWith("O ", StringComparison.Ordinal));
            var w = frameLines[o].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var li = frameLines[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            double nrm = 1.05 / Math.Sqrt(1 + 0.09);
            li[1] = (double.Parse(w[1], CultureInfo.InvariantCulture) + nrm).ToString("R", CultureInfo.InvariantCulture);
            li[2] = (double.Parse(w[2], CultureInfo.InvariantCulture) + 0.3 * nrm).ToString("R", CultureInfo.InvariantCulture);
            li[3] = w[3];
            frameLines[2] = string.Join(' ', li);
        }
        File.WriteAllLines(path, frameLines);
        return path;
    }
}

/// <summary>Runs decks in-process with the NEP styles registered.</summary>
public static class Deck
{
    static Deck() => StyleRegistry.Default.Register(NepAssembly.Assembly);

    public static (Simulation sim, string output) Run(string deck, int threads = 1) => DeckRunner.Run(deck, threads: threads);

    /// <summary>A deck that loads a structure with elements Li La Zr O and the given NEP model.</summary>
    public static string Nep(string structure, string model, string extra = "") => $"""
        units metal
        read_data {structure} elements Li La Zr O
        pair_style nep
        pair_coeff * * {model} Li La Zr O
        {extra}
        run 0
        """;

    /// <summary>Forces by tag (1-based index = tag).</summary>
    public static double[][] ForcesByTag(Simulation sim)
    {
        var a = sim.Atoms;
        var f = new double[a.NLocal + 1][];
        for (int i = 0; i < a.NLocal; i++) f[a.Tag[i]] = [a.F[3 * i], a.F[3 * i + 1], a.F[3 * i + 2]];
        return f;
    }

    /// <summary>Recompute energy and forces after positions were changed by the caller.</summary>
    public static double Energy(Simulation sim)
    {
        sim.Setup();
        return sim.PotentialEnergy();
    }
}
