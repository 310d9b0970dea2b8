using System.Runtime.CompilerServices;
using Garnetics.Engine.Core;
using Garnetics.Engine.Styles;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// The real-space part of an Ewald-split Coulomb sum: E = qqr2e qi qj erfc(g r)/r for r &lt; Rc_coul, with g the
/// kspace style's splitting parameter (g_ewald). F r = qqr2e qi qj / r [erfc(g r) + 2 g r/sqrt(pi) exp(-g^2 r^2)].
/// erfc is evaluated directly in full precision (erfcx table times exp(-g^2 r^2), relative error &lt; 1e-15).
/// </summary>
public readonly struct CoulLongTerm
{
    public readonly double CutCoulSq;
    private readonly double _qqrd2e, _g, _g2, _twoGOverSqrtPi;
    private readonly double[] _erfcx;

    public CoulLongTerm(double qqrd2e, double gEwald, double cutCoul)
    {
        _qqrd2e = qqrd2e;
        _g = gEwald;
        _g2 = gEwald * gEwald;
        _twoGOverSqrtPi = SpecialFunctions.TwoOverSqrtPi * gEwald;
        CutCoulSq = cutCoul * cutCoul;
        _erfcx = SpecialFunctions.ErfcxCoefficients;
    }

    /// <summary>Coulomb F*r (multiply by 1/r^2 for fpair) and, when eflag, the energy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ForceTimesR(double rsq, double r, double qi, double qj, bool eflag, out double ecoul)
    {
        double prefactor = _qqrd2e * qi * qj / r;
        double expm2 = SpecialFunctions.Exp(-_g2 * rsq);
        double erfc = SpecialFunctions.ErfcxNonNegative(_g * r, _erfcx) * expm2;
        ecoul = eflag ? prefactor * erfc : 0.0;
        return prefactor * (erfc + _twoGOverSqrtPi * r * expm2);
    }
}

/// <summary>
/// Common part of the coul/long family: the Coulomb cut-off (global, as in LAMMPS), g_ewald taken from the kspace
/// style when the kernel is made, and the ICoulLongPair contract. Short-range coefficients and their per-pair cut-offs
/// come from <see cref="TypePairStyle"/>; the neighbour cut-off of a pair is max(short-range cut-off, Coulomb cut-off).
/// </summary>
public abstract class CoulLongPairBase<TK> : KernelPair<TK>, ICoulLongPair where TK : struct, IPairKernel
{
    protected double CutCoul;
    /// <summary>Short-range cut-off squared per type pair (flat table), before CutSq becomes the neighbour cut-off.</summary>
    protected double[] CutShortSq = [];

    public override bool NeedsCharge => true;
    public double CoulombCutoff => CutCoul;

    /// <summary>The splitting parameter; requires a kspace style (checked at Init).</summary>
    protected double GEwald => Sim.KSpace?.GEwald ?? throw new GarneticsException($"pair style {StyleName} requires a kspace style");

    /// <summary>pair_style NAME Rc_short [Rc_coul] (Rc_coul defaults to Rc_short).</summary>
    public override void Settings(CommandArgs args)
    {
        args.Require(1, 2, $"{StyleName} Rc_short [Rc_coul]");
        CutGlobal = ParseCutoff(args, 0);
        // LAMMPS: a new global cut-off resets the explicit per-pair ones
        for (int i = 0; i < CutExplicit.GetLength(0); i++)
            for (int j = 0; j < CutExplicit.GetLength(1); j++)
                if (SetFlag[i, j]) CutExplicit[i, j] = double.NaN;
        CutCoul = args.Count == 2 ? ParseCutoff(args, 1) : CutGlobal;
    }

    protected sealed override void InitPair()
    {
        if (Sim.KSpace == null) throw new GarneticsException($"pair style {StyleName} requires a kspace style");
        CutShortSq = (double[])CutSq.Clone();
        InitShort();
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            if (CutIJ[i, j] <= 0) continue;
            double cut = Math.Max(CutIJ[i, j], CutCoul);
            CutIJ[i, j] = CutIJ[j, i] = cut;
            CutSq[i * Stride + j] = CutSq[j * Stride + i] = cut * cut;
        }
    }

    /// <summary>Fill the short-range kernel tables from Raw and CutIJ (still the short-range cut-offs here).</summary>
    protected abstract void InitShort();

    protected CoulLongTerm Coul() => new(Sim.Units.Qqr2e, GEwald, CutCoul);
}

internal static class CoulLongHelp
{
    public const string Erfc =
        "erfc is always evaluated directly in full precision (relative error < 1e-15): Garnetics implements `pair_modify table 0` " +
        "semantics and accepts `pair_modify table N` but still computes directly. LAMMPS's default (table 12) tabulates the " +
        "Coulomb term for r^2 > 2 A^2 with about 1e-6 relative error, and its table-0 path uses the Abramowitz-Stegun 7.1.26 " +
        "polynomial erfc (absolute error up to 1.5e-7); parity with LAMMPS is therefore bounded by those approximations " +
        "(about 1e-6 relative in energy, 1e-5 eV/A in forces), not by Garnetics. g = g_ewald of the kspace style (required).";
}

[PairStyle("coul/long", Syntax = "pair_style coul/long Rc; pair_coeff * *",
    Help = "Real-space Ewald Coulomb for kspace_style ewald/pppm: E = qqr2e qi qj erfc(g r)/r for r < Rc, g the kspace " +
           "splitting parameter g_ewald (1/distance), qqr2e = 14.399645 eV*A/e^2 in metal units, dielectric 1. pair_coeff takes " +
           "no coefficients (I J only; every pair interacts). " + CoulLongHelp.Erfc)]
public sealed class PairCoulLong : CoulLongPairBase<PairCoulLong.Kernel>
{
    protected override string[] CoeffNames => [];
    protected override int MaxOptionalCutoffs => 0;
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [];

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 1, "coul/long Rc");
        base.Settings(args);
    }

    protected override void InitShort() { }

    protected override Kernel MakeKernel() => new(Coul());

    public readonly struct Kernel(CoulLongTerm coul) : IPairKernel
    {
        private readonly CoulLongTerm _coul = coul;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < _coul.CutCoulSq;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            double r2inv = 1.0 / rsq;
            evdwl = 0.0;
            return _coul.ForceTimesR(rsq, Math.Sqrt(rsq), qi, qj, eflag, out ecoul) * r2inv;
        }
    }
}

[PairStyle("buck/coul/long", Syntax = "pair_style buck/coul/long Rc_buck [Rc_coul]; pair_coeff I J A rho C [Rc_buck]",
    Help = "Buckingham plus real-space Ewald Coulomb: E = A exp(-r/rho) - C/r^6 for r < Rc_buck (per pair), plus " +
           "qqr2e qi qj erfc(g r)/r for r < Rc_coul (global; defaults to Rc_buck). A eV, rho A, C eV*A^6 in metal units. Every " +
           "I,J pair must be set (no mixing). pair_modify shift yes shifts the Buckingham part only. " + CoulLongHelp.Erfc)]
public sealed class PairBuckCoulLong : CoulLongPairBase<PairBuckCoulLong.Kernel>
{
    private PairBuck.Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "C"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    protected override void InitShort() =>
        _coef = RecordTable((i, j) => PairBuck.Make(Raw[i, j][0], Raw[i, j][1], Raw[i, j][2], CutIJ[i, j], OffsetFlag));

    protected override Kernel MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());

    public readonly struct Kernel(PairBuck.Coef[] coef, double[] cutsq, double[] cutShortSq, int stride, CoulLongTerm coul) : IPairKernel
    {
        private readonly PairBuck.Coef[] _c = coef;
        private readonly double[] _cutsq = cutsq, _cutShortSq = cutShortSq;
        private readonly int _stride = stride;
        private readonly CoulLongTerm _coul = coul;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            int ij = it * _stride + jt;
            double r2inv = 1.0 / rsq;
            double r = Math.Sqrt(rsq);
            double force = 0.0;
            evdwl = ecoul = 0.0;
            if (rsq < _coul.CutCoulSq) force = _coul.ForceTimesR(rsq, r, qi, qj, eflag, out ecoul);
            if (rsq < At(_cutShortSq, ij))
            {
                ref readonly PairBuck.Coef b = ref At(_c, ij);
                double r6inv = r2inv * r2inv * r2inv;
                double rexp = SpecialFunctions.Exp(-r * b.RhoInv);
                force += b.Buck1 * r * rexp - b.Buck2 * r6inv;
                if (eflag) evdwl = b.A * rexp - b.C * r6inv - b.Offset;
            }
            return force * r2inv;
        }
    }
}

[PairStyle("born/coul/long", Syntax = "pair_style born/coul/long Rc_born [Rc_coul]; pair_coeff I J A rho sigma C D [Rc_born]",
    Help = "Born-Mayer-Huggins plus real-space Ewald Coulomb: E = A exp((sigma - r)/rho) - C/r^6 + D/r^8 for r < Rc_born (per " +
           "pair), plus qqr2e qi qj erfc(g r)/r for r < Rc_coul (global; defaults to Rc_born). Every I,J pair must be set (no " +
           "mixing). pair_modify shift yes shifts the Born part only. " + CoulLongHelp.Erfc)]
public sealed class PairBornCoulLong : CoulLongPairBase<PairBornCoulLong.Kernel>
{
    private PairBorn.Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "sigma", "C", "D"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    protected override void InitShort() => _coef = RecordTable((i, j) =>
    {
        var p = Raw[i, j];
        double a = p[0], rho = p[1], sigma = p[2], c = p[3], d = p[4], rc = CutIJ[i, j];
        return new PairBorn.Coef
        {
            RhoInv = 1.0 / rho, Sigma = sigma, Born1 = a / rho, Born2 = 6.0 * c, Born3 = 8.0 * d, A = a, C = c, D = d,
            Offset = OffsetFlag ? a * Math.Exp((sigma - rc) / rho) - c / Math.Pow(rc, 6.0) + d / Math.Pow(rc, 8.0) : 0.0,
        };
    });

    protected override Kernel MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());

    public readonly struct Kernel(PairBorn.Coef[] coef, double[] cutsq, double[] cutShortSq, int stride, CoulLongTerm coul) : IPairKernel
    {
        private readonly PairBorn.Coef[] _c = coef;
        private readonly double[] _cutsq = cutsq, _cutShortSq = cutShortSq;
        private readonly int _stride = stride;
        private readonly CoulLongTerm _coul = coul;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            int ij = it * _stride + jt;
            double r2inv = 1.0 / rsq;
            double r = Math.Sqrt(rsq);
            double force = 0.0;
            evdwl = ecoul = 0.0;
            if (rsq < _coul.CutCoulSq) force = _coul.ForceTimesR(rsq, r, qi, qj, eflag, out ecoul);
            if (rsq < At(_cutShortSq, ij))
            {
                ref readonly PairBorn.Coef c = ref At(_c, ij);
                double r6inv = r2inv * r2inv * r2inv;
                double rexp = SpecialFunctions.Exp((c.Sigma - r) * c.RhoInv);
                force += c.Born1 * r * rexp - c.Born2 * r6inv + c.Born3 * r2inv * r6inv;
                if (eflag) evdwl = c.A * rexp - c.C * r6inv + c.D * r6inv * r2inv - c.Offset;
            }
            return force * r2inv;
        }
    }
}

[PairStyle("lj/cut/coul/long", Syntax = "pair_style lj/cut/coul/long Rc_lj [Rc_coul]; pair_coeff I J epsilon sigma [Rc_lj]",
    Help = "12-6 Lennard-Jones plus real-space Ewald Coulomb: E = 4 eps [(sigma/r)^12 - (sigma/r)^6] for r < Rc_lj (per pair), " +
           "plus qqr2e qi qj erfc(g r)/r for r < Rc_coul (global; defaults to Rc_lj). Unset I,J pairs are mixed from I,I and J,J " +
           "(pair_modify mix geometric (default), arithmetic, sixthpower; the LJ cut-off mixed the same way). pair_modify shift " +
           "yes shifts the LJ part only. " + CoulLongHelp.Erfc)]
public sealed class PairLjCutCoulLong : CoulLongPairBase<PairLjCutCoulLong.Kernel>
{
    public struct Coef
    {
        public double Lj1, Lj2, Lj3, Lj4, Offset;
    }

    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["epsilon", "sigma"];
    protected override bool CanMix => true;

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (c[1] <= 0) throw args.Error(3, $"sigma must be positive, got {c[1]}");
    }

    protected override double[] Mix(double[] ci, double[] cj)
    {
        double sigma = MixRule == "geometric" ? Math.Sqrt(ci[1] * cj[1]) : 0.5 * (ci[1] + cj[1]);
        if (MixRule == "sixthpower") sigma = Math.Pow(0.5 * (Math.Pow(ci[1], 6) + Math.Pow(cj[1], 6)), 1.0 / 6.0);
        return [MixEnergy(ci[0], cj[0], ci[1], cj[1]), sigma];
    }

    protected override void InitShort() => _coef = RecordTable((i, j) =>
    {
        double eps = Raw[i, j][0], sigma = Raw[i, j][1], ratio = sigma / CutIJ[i, j];
        return new Coef
        {
            Lj1 = 48.0 * eps * Math.Pow(sigma, 12), Lj2 = 24.0 * eps * Math.Pow(sigma, 6),
            Lj3 = 4.0 * eps * Math.Pow(sigma, 12), Lj4 = 4.0 * eps * Math.Pow(sigma, 6),
            Offset = OffsetFlag ? 4.0 * eps * (Math.Pow(ratio, 12) - Math.Pow(ratio, 6)) : 0.0,
        };
    });

    protected override Kernel MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());

    public readonly struct Kernel(Coef[] coef, double[] cutsq, double[] cutShortSq, int stride, CoulLongTerm coul) : IPairKernel
    {
        private readonly Coef[] _c = coef;
        private readonly double[] _cutsq = cutsq, _cutShortSq = cutShortSq;
        private readonly int _stride = stride;
        private readonly CoulLongTerm _coul = coul;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            int ij = it * _stride + jt;
            double r2inv = 1.0 / rsq;
            double force = 0.0;
            evdwl = ecoul = 0.0;
            if (rsq < _coul.CutCoulSq) force = _coul.ForceTimesR(rsq, Math.Sqrt(rsq), qi, qj, eflag, out ecoul);
            if (rsq < At(_cutShortSq, ij))
            {
                ref readonly Coef c = ref At(_c, ij);
                double r6inv = r2inv * r2inv * r2inv;
                force += r6inv * (c.Lj1 * r6inv - c.Lj2);
                if (eflag) evdwl = r6inv * (c.Lj3 * r6inv - c.Lj4) - c.Offset;
            }
            return force * r2inv;
        }
    }
}
