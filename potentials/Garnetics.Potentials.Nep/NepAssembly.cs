namespace Garnetics.Potentials.Nep;

/// <summary>Anchor type the CLI uses to load and register this assembly's styles.</summary>
public static class NepAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(NepAssembly).Assembly;
}
