namespace Garnetics.Engine.Fixes;

/// <summary>
/// One Nosé–Hoover chain of <see cref="FixNH"/> (the particle thermostat, or the barostat's thermostat): positions
/// eta, velocities eta_dot (with one more element past the end, always 0), forces eta_dot_dot and masses, with the
/// pieces of LAMMPS's nhc_temp_integrate / nhc_press_integrate that both chains share. What the chain thermostats
/// (particle velocities, barostat velocities) is scaled by the caller between <see cref="Descend"/> and
/// <see cref="Ascend"/>, which also sets the force on the first element.
/// </summary>
internal sealed class NoseHooverChain(int length)
{
    public readonly double[] Eta = new double[length], Dot = new double[length + 1], DotDot = new double[length], Mass = new double[length];

    public int Length => Eta.Length;

    /// <summary>Masses: <paramref name="first"/> for the first element, <paramref name="rest"/> for the others.</summary>
    public void SetMasses(double first, double rest)
    {
        Mass[0] = first;
        for (int ich = 1; ich < Length; ich++) Mass[ich] = rest;
    }

    /// <summary>Forces on the elements after the first from their predecessors' kinetic energies (kt = kB T).</summary>
    public void SetForces(double kt)
    {
        for (int ich = 1; ich < Length; ich++)
            DotDot[ich] = (Mass[ich - 1] * Dot[ich - 1] * Dot[ich - 1] - kt) / Mass[ich];
    }

    /// <summary>
    /// First half of a sub-cycle (ncfac = 1/loops): the velocities from the end of the chain down to the first, with the
    /// drag factor. Returns the first element's exp factor, which <see cref="Ascend"/> uses again.
    /// </summary>
    public double Descend(double ncfac, double dt4, double dt8, double drag)
    {
        double expfac;
        for (int ich = Length - 1; ich > 0; ich--)
        {
            expfac = Math.Exp(-ncfac * dt8 * Dot[ich + 1]);
            Dot[ich] *= expfac;
            Dot[ich] += DotDot[ich] * ncfac * dt4;
            Dot[ich] *= drag;
            Dot[ich] *= expfac;
        }
        expfac = Math.Exp(-ncfac * dt8 * Dot[1]);
        Dot[0] *= expfac;
        Dot[0] += DotDot[0] * ncfac * dt4;
        Dot[0] *= drag;
        Dot[0] *= expfac;
        return expfac;
    }

    /// <summary>The positions over the sub-cycle's half step.</summary>
    public void Advance(double ncfac, double dthalf)
    {
        for (int ich = 0; ich < Length; ich++) Eta[ich] += ncfac * dthalf * Dot[ich];
    }

    /// <summary>Second half of a sub-cycle: the first velocity with its new force, then up the chain (kt = kB T).</summary>
    public void Ascend(double expfac, double ncfac, double dt4, double dt8, double kt)
    {
        Dot[0] *= expfac;
        Dot[0] += DotDot[0] * ncfac * dt4;
        Dot[0] *= expfac;
        for (int ich = 1; ich < Length; ich++)
        {
            expfac = Math.Exp(-ncfac * dt8 * Dot[ich + 1]);
            Dot[ich] *= expfac;
            DotDot[ich] = (Mass[ich - 1] * Dot[ich - 1] * Dot[ich - 1] - kt) / Mass[ich];
            Dot[ich] += DotDot[ich] * ncfac * dt4;
            Dot[ich] *= expfac;
        }
    }

    /// <summary>
    /// <paramref name="energy"/> plus the chain's energy, term by term: the first position against
    /// <paramref name="firstForce"/>, the others against kt, and the kinetic energies.
    /// </summary>
    public double AddEnergy(double energy, double firstForce, double kt)
    {
        energy += firstForce * Eta[0] + 0.5 * Mass[0] * Dot[0] * Dot[0];
        for (int ich = 1; ich < Length; ich++)
            energy += kt * Eta[ich] + 0.5 * Mass[ich] * Dot[ich] * Dot[ich];
        return energy;
    }

    /// <summary>Restart state: the length, the positions, the velocities.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Length);
        foreach (var v in Eta) w.Write(v);
        for (int i = 0; i < Length; i++) w.Write(Dot[i]);
    }

    /// <summary>The state <see cref="Write"/> wrote, of a chain of any length.</summary>
    public static (double[] Eta, double[] Dot) Read(BinaryReader r)
    {
        int m = r.ReadInt32();
        var eta = new double[m]; var dot = new double[m];
        for (int i = 0; i < m; i++) eta[i] = r.ReadDouble();
        for (int i = 0; i < m; i++) dot[i] = r.ReadDouble();
        return (eta, dot);
    }

    /// <summary>Take positions and velocities read from a restart file when they are of a chain of this length.</summary>
    public void Restore((double[] Eta, double[] Dot) state)
    {
        if (state.Eta.Length != Length) return;
        Array.Copy(state.Eta, Eta, Length);
        Array.Copy(state.Dot, Dot, Length);
    }
}
