namespace Garnetics.Engine.Core;

/// <summary>
/// Unit system constants, with LAMMPS's own values (update.cpp, force.cpp) so that parity with LAMMPS is possible.
/// Only "metal" and "lj" are supported.
/// </summary>
public sealed class Units
{
    public string Style { get; }
    /// <summary>Boltzmann constant in energy/temperature units.</summary>
    public double Boltz { get; }
    /// <summary>mass*velocity^2 to energy.</summary>
    public double Mvv2e { get; }
    /// <summary>force/mass*time to velocity (1/mvv2e in metal).</summary>
    public double Ftm2v { get; }
    /// <summary>N*k*T/V to pressure.</summary>
    public double Nktv2p { get; }
    /// <summary>q*q/r to energy (Coulomb prefactor).</summary>
    public double Qqr2e { get; }
    /// <summary>charge*E-field to force.</summary>
    public double Qe2f { get; }
    /// <summary>mass/volume to density reported by thermo "density".</summary>
    public double Mv2d { get; }
    public double DefaultTimestep { get; }
    public double DefaultSkin { get; }
    /// <summary>Whether thermo quantities are normalized per atom by default (LAMMPS: yes for lj).</summary>
    public bool DefaultNormalize { get; }

    private Units(string style, double boltz, double mvv2e, double ftm2v, double nktv2p, double qqr2e, double qe2f,
        double mv2d, double dt, double skin, bool norm)
    {
        Style = style; Boltz = boltz; Mvv2e = mvv2e; Ftm2v = ftm2v; Nktv2p = nktv2p; Qqr2e = qqr2e; Qe2f = qe2f;
        Mv2d = mv2d; DefaultTimestep = dt; DefaultSkin = skin; DefaultNormalize = norm;
    }

    public static readonly Units Metal = new("metal", 8.617343e-5, 1.0364269e-4, 1.0 / 1.0364269e-4, 1.6021765e6,
        14.399645, 1.0, 1.0 / 0.602214129, 0.001, 2.0, false);

    public static readonly Units Lj = new("lj", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.005, 0.3, true);

    public static readonly string[] Supported = ["metal", "lj"];

    public static Units? FromName(string name) => name switch
    {
        "metal" => Metal,
        "lj" => Lj,
        _ => null,
    };
}
