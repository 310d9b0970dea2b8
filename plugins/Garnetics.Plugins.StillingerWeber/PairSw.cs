namespace Garnetics.Plugins.StillingerWeber;

/// <summary>
/// The Stillinger-Weber potential as a plugin, written only against the engine's many-body contract
/// (<see cref="ManyBodyPairStyle{TScratch}"/>): this class reads the parameter file and gives the site energy of
/// one atom with its pair forces; the engine does pair_coeff, the neighbour list, threads, forces on the
/// neighbours, virial, per-atom energies and virials and hybrid participation.
/// Site energy: E_i = Σ_j ½ φ2(r_ij) + Σ_{j&lt;k} φ3(r_ij, r_ik, θ_jik), with
/// φ2(r) = A ε [B (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ)) and
/// φ3 = λ ε (cos θ − cos θ0)² exp(γ_ij σ_ij/(r_ij − a_ij σ_ij)) exp(γ_ik σ_ik/(r_ik − a_ik σ_ik)),
/// two-body and radial parameters from the entry (i, j, j), λ ε and cos θ0 from (i, j, k), as LAMMPS's pair sw.
/// </summary>
[PairStyle("sw", Syntax = "pair_style sw; pair_coeff * * file.sw E1 E2 ... (one element or NULL per atom type)",
    Help = """
        Stillinger-Weber three-body potential (example many-body plugin), LAMMPS's pair_style sw and its .sw files:
        entries of 14 words `e1 e2 e3 epsilon sigma a lambda gamma costheta0 A B p q tol` (# starts a comment; an entry
        may span lines; tol is read and unused). E = Σ_i<j φ2(r_ij) + Σ_i Σ_j<k φ3(r_ij, r_ik, θ_jik) with φ2 = A ε [B
        (σ/r)^p − (σ/r)^q] exp(σ/(r − aσ)) for r < aσ and φ3 = λ ε (cos θ_jik − cos θ0)² exp(γ σ_ij/(r_ij − a σ_ij))
        exp(γ σ_ik/(r_ik − a σ_ik)); two-body and radial parameters of the pair i-j from the entry (i, j, j), λ ε and
        cos θ0 from (i, j, k). Per-atom energies as LAMMPS: half of each pair term and a third of each three-body term
        to each of its atoms. Every entry (i, j, k) of the mapped elements must be in the file.
        """)]
public sealed class PairSw : ManyBodyPairStyle<NoScratch>
{
    private sealed record Entry(double Eps, double Sigma, double A, double Lambda, double Gamma, double Cos0,
        double BigA, double BigB, double P, double Q)
    {
        public double Cut => A * Sigma;
    }

    private string[] _elements = [];
    private Entry?[] _entries = [];

    private Entry? Get(int i, int j, int k) => _entries[(i * _elements.Length + j) * _elements.Length + k];

    protected override string ModelKind => "Stillinger-Weber file";

    protected override IReadOnlyList<string> ReadModel(string path, SourceLocation at)
    {
        var words = PotentialFile.Words(path, at, "Stillinger-Weber parameter file");
        if (words.Count % 14 != 0)
            throw words[^1].Error($"incomplete Stillinger-Weber entry: {words.Count % 14} of 14 words " +
                                  "(e1 e2 e3 epsilon sigma a lambda gamma costheta0 A B p q tol)");
        var elements = new List<string>();
        var raw = new List<(int[] E, double[] V)>();
        for (int w = 0; w < words.Count; w += 14)
        {
            var e = new int[3];
            for (int k = 0; k < 3; k++)
            {
                string name = words[w + k].Text;
                if (!elements.Contains(name)) elements.Add(name);
                e[k] = elements.IndexOf(name);
            }
            var v = new double[10];
            for (int k = 0; k < 10; k++) v[k] = words[w + 3 + k].Number("Stillinger-Weber parameter");
            if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0 || v[4] < 0 || v[6] < 0 || v[7] < 0 || v[8] < 0 || v[9] < 0)
                throw words[w].Error("Stillinger-Weber entry with a negative parameter (only costheta0 may be negative)");
            raw.Add((e, v));
        }
        int ne = elements.Count;
        _elements = [.. elements];
        _entries = new Entry?[ne * ne * ne];
        // a later entry for the same triplet replaces an earlier one (LAMMPS reads the file in order)
        foreach (var (e, v) in raw)
            _entries[(e[0] * ne + e[1]) * ne + e[2]] = new Entry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        return _elements;
    }

    protected override double ElementCutoff(int a, int b) => Get(a, b, b)?.Cut ?? 0.0;

    protected override void InitModel()
    {
        var used = TypeElement.Where(e => e >= 0).Distinct().ToArray();
        foreach (int i in used) foreach (int j in used) foreach (int k in used)
            if (Get(i, j, k) == null)
                throw new GarneticsException($"pair sw: file {ModelPath} has no entry for {_elements[i]} {_elements[j]} {_elements[k]}");
    }

    protected override double ComputeAtom(AtomNeighbors nb, NoScratch scratch)
    {
        int n = nb.Count, ei = nb.ElementI;
        double[] rv = nb.R;
        Span<double> r = n <= 512 ? stackalloc double[n] : new double[n];
        for (int j = 0; j < n; j++) r[j] = nb.Distance(j);
        double energy = 0;
        for (int j = 0; j < n; j++)
        {
            var pij = Get(ei, nb.Element[j], nb.Element[j])!;
            if (r[j] >= pij.Cut) continue;
            // two-body: half of φ2 to this site (the other half is j's)
            double s = pij.Sigma / r[j], sp = Math.Pow(s, pij.P), sq = Math.Pow(s, pij.Q);
            double ex = Math.Exp(pij.Sigma / (r[j] - pij.Cut)), pre = pij.BigA * pij.Eps;
            double phi = pre * (pij.BigB * sp - sq) * ex;
            double dphi = pre * ex * (-(pij.P * pij.BigB * sp - pij.Q * sq) / r[j]) - phi * pij.Sigma / Sq(r[j] - pij.Cut);
            energy += 0.5 * phi;
            double g = 0.5 * dphi / r[j];
            nb.AddForce(j, g * rv[4 * j], g * rv[4 * j + 1], g * rv[4 * j + 2]);
            double e1 = Math.Exp(pij.Gamma * pij.Sigma / (r[j] - pij.Cut));
            double de1 = -e1 * pij.Gamma * pij.Sigma / Sq(r[j] - pij.Cut); // d e1 / d r_ij
            for (int k = j + 1; k < n; k++)
            {
                var pik = Get(ei, nb.Element[k], nb.Element[k])!;
                if (r[k] >= pik.Cut) continue;
                var pijk = Get(ei, nb.Element[j], nb.Element[k])!;
                double e2 = Math.Exp(pik.Gamma * pik.Sigma / (r[k] - pik.Cut));
                double de2 = -e2 * pik.Gamma * pik.Sigma / Sq(r[k] - pik.Cut);
                double inv = 1.0 / (r[j] * r[k]);
                double cos = (rv[4 * j] * rv[4 * k] + rv[4 * j + 1] * rv[4 * k + 1] + rv[4 * j + 2] * rv[4 * k + 2]) * inv;
                double lam = pijk.Lambda * pijk.Eps, dc = cos - pijk.Cos0;
                double phi3 = lam * dc * dc * e1 * e2;
                energy += phi3;
                // ∂φ3/∂r_ij = λε [2 (c − c0) e1 e2 ∂c/∂r_ij + (c − c0)² e2 e1' r̂_ij], ∂c/∂r_ij = r_ik/(r_ij r_ik) − c r_ij/r_ij²
                double a = 2 * lam * dc * e1 * e2;
                double bj = lam * dc * dc * e2 * de1 / r[j] - a * cos / (r[j] * r[j]);
                double bk = lam * dc * dc * e1 * de2 / r[k] - a * cos / (r[k] * r[k]);
                for (int c = 0; c < 3; c++)
                {
                    nb.Force[4 * j + c] += a * inv * rv[4 * k + c] + bj * rv[4 * j + c];
                    nb.Force[4 * k + c] += a * inv * rv[4 * j + c] + bk * rv[4 * k + c];
                }
                if (nb.WantEnergyShares)
                {
                    // LAMMPS's ev_tally3: a third of the triplet energy to each of its three atoms
                    nb.EnergyShare[j] += phi3 / 3.0;
                    nb.EnergyShare[k] += phi3 / 3.0;
                }
            }
        }
        return energy;
    }

    private static double Sq(double v) => v * v;
}
