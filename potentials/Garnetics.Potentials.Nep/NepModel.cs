namespace Garnetics.Potentials.Nep;

/// <summary>
/// A NEP model as GPUMD writes it to nep.txt (NEP2, NEP3, NEP4, NEP5; with or without ZBL).
/// <para>File layout: a header <c>nepV[_zbl] NTYPES E1 E2 ...</c>; for ZBL models <c>zbl rc_inner rc_outer</c>
/// (both 0: a "flexible" ZBL with a fitted 10-parameter table per element pair at the end of the file);
/// <c>cutoff rc_radial rc_angular [MN_radial MN_angular [radial_factor angular_factor zbl_factor]]</c> (positive
/// factors: type-wise cut-offs min(rc, factor·(R_cov,i + R_cov,j))); <c>n_max nR nA</c>; <c>basis_size bR bA</c>;
/// <c>l_max L3 [L4 L5]</c>; <c>ANN neurons 0</c>; then one number per line: the network parameters, the descriptor
/// coefficients c, the descriptor scalers, and (flexible ZBL) the ZBL table.</para>
/// <para>Networks: NEP3 and NEP2 share one network (w0, b0, w1) between elements; NEP4 has one per element; NEP5 one
/// per element plus a per-element bias; all end with one common output bias b1. w0 is stored neuron-major
/// (w0[n·dim + d]).</para>
/// <para>NEP2 radial functions are c^{t_i t_j}_n f_n(r) (one Chebyshev function per n, a type-pair weight); NEP3+
/// use g_n(r) = Σ_k c^{t_i t_j}_{nk} f_k(r). NEP2 is converted to the NEP3 form on load (c_{nk} = c_n δ_nk).</para>
/// </summary>
public sealed class NepModel
{
    public string Path { get; }
    public int Version { get; private set; }
    public bool Zbl { get; private set; }
    public bool ZblFlexible { get; private set; }
    public double ZblInner { get; private set; }
    public double ZblOuter { get; private set; }
    public string[] Elements { get; private set; } = [];
    /// <summary>Atomic numbers of the model's elements.</summary>
    public int[] Z { get; private set; } = [];
    public int NumTypes => Elements.Length;

    public double RcRadial { get; private set; }
    public double RcAngular { get; private set; }
    public double TypewiseRadialFactor { get; private set; }
    public double TypewiseAngularFactor { get; private set; }
    public double TypewiseZblFactor { get; private set; }
    public bool UseTypewiseCutoff => TypewiseRadialFactor > 0;
    public bool UseTypewiseZbl => TypewiseZblFactor > 0;

    public int NMaxRadial { get; private set; }
    public int NMaxAngular { get; private set; }
    public int BasisRadial { get; private set; }
    public int BasisAngular { get; private set; }
    public int LMax { get; private set; }
    /// <summary>1 when the 4-body term (l = 2) is on, else 0.</summary>
    public int Has4Body { get; private set; }
    /// <summary>1 when the 5-body term (l = 1) is on, else 0.</summary>
    public int Has5Body { get; private set; }
    /// <summary>Number of angular descriptor blocks per n: LMax + Has4Body + Has5Body.</summary>
    public int NumL => LMax + Has4Body + Has5Body;
    public int Dim => NMaxRadial + 1 + (NMaxAngular + 1) * NumL;
    public int Neurons { get; private set; }

    /// <summary>Per element: w0 [Neurons·Dim], b0 [Neurons], w1 [Neurons].</summary>
    public double[][] W0 { get; private set; } = [];
    public double[][] B0 { get; private set; } = [];
    public double[][] W1 { get; private set; } = [];
    /// <summary>Per-element output bias (NEP5; zero otherwise) added to the common bias: E -= B1 + B1Type[t].</summary>
    public double[] B1Type { get; private set; } = [];
    public double B1 { get; private set; }

    /// <summary>Radial coefficients, [(ti·nt + tj)·(NMaxRadial+1)·(BasisRadial+1) + n·(BasisRadial+1) + k].</summary>
    public double[] CRadial { get; private set; } = [];
    /// <summary>Angular coefficients, same layout with NMaxAngular/BasisAngular.</summary>
    public double[] CAngular { get; private set; } = [];
    public double[] QScaler { get; private set; } = [];
    /// <summary>Flexible ZBL: 10 parameters per unordered element pair (rc_inner, rc_outer, then a1 b1 ... a4 b4).</summary>
    public double[] ZblTable { get; private set; } = [];

    private NepModel(string path) => Path = path;

    /// <summary>Index of the unordered pair (a, b) in the flexible-ZBL table (GPUMD's upper-triangle order).</summary>
    public int ZblPairIndex(int a, int b)
    {
        if (a > b) (a, b) = (b, a);
        return a * NumTypes - a * (a - 1) / 2 + (b - a);
    }

    public int TypeOf(string element) => Array.IndexOf(Elements, element);

    public static NepModel Load(string path, SourceLocation? requestedAt = null)
    {
        using var src = LineSource.Open(path, "NEP model file", requestedAt);
        var m = new NepModel(path);
        m.Parse(new Reader(src));
        return m;
    }

    /// <summary>The model file's non-blank lines as words; errors name the file and line (column 1).</summary>
    private sealed class Reader(LineSource src)
    {
        /// <summary>Location of the line most recently read.</summary>
        public SourceLocation Here => src.Here(1);

        public GarneticsException Error(string message, string? text = null) => Error(Here, message, text);

        public static GarneticsException Error(SourceLocation at, string message, string? text = null) => new($"NEP model: {message}", at, text);

        /// <summary>Next non-blank line's words (error at end of file naming what was expected).</summary>
        public string[] Words(string expected) =>
            NextWords() ?? throw EndOfFile(expected);

        private GarneticsException EndOfFile(string expected)
        {
            var e = src.EndOfFile(expected);
            return Error(e.Location!, e.Message);
        }

        /// <summary>Next non-blank line's words, or null at the end of the file.</summary>
        public string[]? NextWords() => src.NextNonBlank()?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        public double Number(string what, int index, int total)
        {
            var w = Words($"{what} ({index + 1} of {total}): the file is truncated");
            if (w.Length != 1 || !double.TryParse(w[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                string text = src.Current!.Trim();
                throw Error($"expected one number ({what}, {index + 1} of {total}), found '{text}'", text);
            }
            return v;
        }
    }

    private static double Num(Reader r, string word, string what)
    {
        if (!double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw r.Error($"bad number '{word}' for {what}", word);
        return v;
    }

    private static int Int(Reader r, string word, string what, int min, int max)
    {
        if (!int.TryParse(word, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            throw r.Error($"bad integer '{word}' for {what}", word);
        if (v < min || v > max) throw r.Error($"{what} must be in [{min}, {max}], got {v}", word);
        return v;
    }

    /// <summary>A header line 'KEY KEY_radial KEY_angular' (n_max, basis_size): two counts in 0..19.</summary>
    private static (int Radial, int Angular) RadialAngular(Reader r, string[] w)
    {
        if (w.Length != 3) throw r.Error($"expected '{w[0]} {w[0]}_radial {w[0]}_angular'");
        return (Int(r, w[1], $"{w[0]}_radial", 0, 19), Int(r, w[2], $"{w[0]}_angular", 0, 19));
    }

    private void Parse(Reader r)
    {
        // header
        var h = r.Words("the header line 'nepV[_zbl] NTYPES ELEMENTS...'");
        var headerAt = r.Here;
        (Version, Zbl) = h.Length > 0 ? h[0] switch
        {
            "nep" => (2, false),
            "nep_zbl" => (2, true),
            "nep3" => (3, false),
            "nep3_zbl" => (3, true),
            "nep4" => (4, false),
            "nep4_zbl" => (4, true),
            "nep5" => (5, false),
            "nep5_zbl" => (5, true),
            _ when h[0].Contains("dipole") || h[0].Contains("polarizability") || h[0].Contains("spin") || h[0].Contains("temperature") =>
                throw r.Error($"'{h[0]}' models are not potentials for energies and forces; pair_style nep supports nep, nep3, nep4, nep5 (each optionally _zbl)", h[0]),
            _ => throw r.Error($"unknown model type '{h[0]}' (expected nep, nep3, nep4 or nep5, optionally with _zbl)", h[0]),
        } : throw r.Error("empty header line");
        if (h.Length < 3) throw r.Error("the header needs the number of elements and their symbols");
        int nt = Int(r, h[1], "the number of elements", 1, 94);
        if (h.Length != 2 + nt) throw r.Error($"the header says {nt} elements but lists {h.Length - 2}");
        Elements = h.Skip(2).ToArray();
        Z = new int[nt];
        for (int t = 0; t < nt; t++)
        {
            Z[t] = NepElements.AtomicNumber(Elements[t]);
            if (Z[t] == 0) throw r.Error($"unknown element '{Elements[t]}' in the header", Elements[t]);
            if (Array.IndexOf(Elements, Elements[t]) != t) throw r.Error($"element '{Elements[t]}' is listed twice", Elements[t]);
        }

        bool haveCut = false, haveN = false, haveBasis = false, haveL = false;
        while (true)
        {
            var w = r.Words("the 'ANN neurons 0' line");
            switch (w[0])
            {
                case "zbl":
                    if (!Zbl) throw r.Error($"a 'zbl' line in a model without ZBL (header '{h[0]}')", w[0]);
                    if (w.Length != 3) throw r.Error("expected 'zbl rc_inner rc_outer'");
                    ZblInner = Num(r, w[1], "the inner ZBL cut-off");
                    ZblOuter = Num(r, w[2], "the outer ZBL cut-off");
                    ZblFlexible = ZblInner == 0 && ZblOuter == 0;
                    if (!ZblFlexible && !(ZblInner >= 0 && ZblOuter > ZblInner))
                        throw r.Error($"ZBL cut-offs must satisfy 0 <= rc_inner < rc_outer, got {w[1]} {w[2]}");
                    break;
                case "cutoff":
                    if (w.Length is not (3 or 5 or 8))
                        throw r.Error("expected 'cutoff rc_radial rc_angular [MN_radial MN_angular [radial_factor angular_factor zbl_factor]]'");
                    RcRadial = Num(r, w[1], "the radial cut-off");
                    RcAngular = Num(r, w[2], "the angular cut-off");
                    if (!(RcRadial > 0) || !(RcAngular > 0)) throw r.Error("cut-offs must be positive");
                    if (RcAngular > RcRadial) throw r.Error($"the angular cut-off {w[2]} exceeds the radial cut-off {w[1]}");
                    if (w.Length == 8)
                    {
                        TypewiseRadialFactor = Num(r, w[5], "the type-wise radial cut-off factor");
                        TypewiseAngularFactor = Num(r, w[6], "the type-wise angular cut-off factor");
                        TypewiseZblFactor = Num(r, w[7], "the type-wise ZBL cut-off factor");
                    }
                    haveCut = true;
                    break;
                case "n_max":
                    (NMaxRadial, NMaxAngular) = RadialAngular(r, w);
                    haveN = true;
                    break;
                case "basis_size":
                    (BasisRadial, BasisAngular) = RadialAngular(r, w);
                    haveBasis = true;
                    break;
                case "l_max":
                    if (Version == 2 ? w.Length is not (2 or 4) : w.Length != 4)
                        throw r.Error(Version == 2 ? "expected 'l_max L'" : "expected 'l_max l_max_3body l_max_4body l_max_5body'");
                    LMax = Int(r, w[1], "l_max_3body", 0, NepAngular.MaxL);
                    if (w.Length == 4)
                    {
                        int l4 = Int(r, w[2], "l_max_4body", 0, 2);
                        int l5 = Int(r, w[3], "l_max_5body", 0, 1);
                        if (l4 == 1) throw r.Error("l_max_4body must be 0 or 2", w[2]);
                        Has4Body = l4 == 2 ? 1 : 0;
                        Has5Body = l5;
                        if (Has4Body == 1 && LMax < 2) throw r.Error("the 4-body term (l_max_4body 2) needs l_max_3body >= 2");
                        if (Has5Body == 1 && LMax < 1) throw r.Error("the 5-body term (l_max_5body 1) needs l_max_3body >= 1");
                        if (Version == 2 && (Has4Body == 1 || Has5Body == 1)) throw r.Error("NEP2 models have no 4- or 5-body terms");
                    }
                    haveL = true;
                    break;
                case "ANN":
                    if (w.Length != 3) throw r.Error("expected 'ANN num_neurons 0'");
                    Neurons = Int(r, w[1], "the number of neurons", 1, 1000);
                    if (w[2] != "0") throw r.Error($"only one hidden layer is supported: the second number must be 0, got {w[2]}", w[2]);
                    goto HeaderDone;
                default:
                    throw r.Error($"unexpected line '{string.Join(' ', w)}' (expected zbl, cutoff, n_max, basis_size, l_max or ANN)", w[0]);
            }
        }
    HeaderDone:
        if (Zbl && ZblOuter == 0 && !ZblFlexible) throw Reader.Error(headerAt, $"header '{h[0]}' announces ZBL but there is no 'zbl' line");
        if (!haveCut) throw r.Error("missing 'cutoff' line before ANN");
        if (!haveN) throw r.Error("missing 'n_max' line before ANN");
        if (!haveL) throw r.Error("missing 'l_max' line before ANN");
        if (Version == 2)
        {
            BasisRadial = NMaxRadial;
            BasisAngular = NMaxAngular;
        }
        else if (!haveBasis) throw r.Error("missing 'basis_size' line before ANN");

        int dim = Dim, nn = Neurons;
        W0 = new double[nt][]; B0 = new double[nt][]; W1 = new double[nt][];
        B1Type = new double[nt];
        int sets = Version >= 4 ? nt : 1;
        for (int s = 0; s < sets; s++)
        {
            var w0 = new double[nn * dim];
            for (int i = 0; i < w0.Length; i++) w0[i] = r.Number($"network weight w0 of element {s}", i, w0.Length);
            var b0 = new double[nn];
            for (int i = 0; i < nn; i++) b0[i] = r.Number($"network bias b0 of element {s}", i, nn);
            var w1 = new double[nn];
            for (int i = 0; i < nn; i++) w1[i] = r.Number($"network weight w1 of element {s}", i, nn);
            if (Version == 5) B1Type[s] = r.Number($"output bias of element {s}", 0, 1);
            W0[s] = w0; B0[s] = b0; W1[s] = w1;
        }
        for (int t = sets; t < nt; t++) { W0[t] = W0[0]; B0[t] = B0[0]; W1[t] = W1[0]; }
        B1 = r.Number("the common output bias b1", 0, 1);

        int nr = NMaxRadial + 1, na = NMaxAngular + 1, kr = BasisRadial + 1, ka = BasisAngular + 1;
        CRadial = new double[nt * nt * nr * kr];
        CAngular = new double[nt * nt * na * ka];
        if (Version == 2)
        {
            // c_n^{t1 t2} at [(n·nt + t1)·nt + t2]; radial n in [0, nR], angular after it; absent for one element (all 1)
            for (int part = 0; part < 2; part++)
            {
                int nmax = part == 0 ? nr : na;
                var c = part == 0 ? CRadial : CAngular;
                for (int n = 0; n < nmax; n++)
                    for (int t1 = 0; t1 < nt; t1++)
                        for (int t2 = 0; t2 < nt; t2++)
                        {
                            double v = nt == 1 ? 1.0 : r.Number("descriptor coefficient", ((part == 0 ? 0 : nr) + n) * nt * nt + t1 * nt + t2, nt * nt * (nr + na));
                            c[(t1 * nt + t2) * nmax * nmax + n * nmax + n] = v;
                        }
            }
        }
        else
        {
            // GPUMD order: c[(n·(basis+1) + k)·nt² + t1·nt + t2], radial block then angular block
            int total = nt * nt * (nr * kr + na * ka);
            int idx = 0;
            for (int n = 0; n < nr; n++)
                for (int k = 0; k < kr; k++)
                    for (int t12 = 0; t12 < nt * nt; t12++)
                        CRadial[t12 * nr * kr + n * kr + k] = r.Number("descriptor coefficient", idx++, total);
            for (int n = 0; n < na; n++)
                for (int k = 0; k < ka; k++)
                    for (int t12 = 0; t12 < nt * nt; t12++)
                        CAngular[t12 * na * ka + n * ka + k] = r.Number("descriptor coefficient", idx++, total);
        }
        QScaler = new double[dim];
        for (int d = 0; d < dim; d++) QScaler[d] = r.Number("descriptor scaler", d, dim);
        if (ZblFlexible)
        {
            int np = nt * (nt + 1) / 2;
            ZblTable = new double[10 * np];
            for (int i = 0; i < ZblTable.Length; i++) ZblTable[i] = r.Number("flexible ZBL parameter", i, ZblTable.Length);
        }
        if (r.NextWords() is { } extra)
            throw r.Error($"unexpected data after the last parameter ('{string.Join(' ', extra)}'): the header does not match the parameter count");
    }

    public string Describe()
    {
        string zbl = !Zbl ? "no ZBL" : ZblFlexible ? "flexible ZBL" : FormattableString.Invariant($"universal ZBL {ZblInner:G6}-{ZblOuter:G6} A");
        return FormattableString.Invariant(
            $"NEP{Version} {string.Join(' ', Elements)}: cutoffs {RcRadial:G6}/{RcAngular:G6} A, n_max {NMaxRadial}/{NMaxAngular}, basis {BasisRadial}/{BasisAngular}, l_max {LMax}/{(Has4Body == 1 ? 2 : 0)}/{Has5Body}, {Dim}-{Neurons}-1 network, {zbl}");
    }
}
