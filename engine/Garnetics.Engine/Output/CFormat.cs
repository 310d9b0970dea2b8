using System.Globalization;
using System.Text;

namespace Garnetics.Engine.Output;

/// <summary>
/// A small C printf-style formatter for one numeric conversion (%d %i %ld %f %e %E %g %G with flags, width and
/// precision), so that LAMMPS-style format strings in decks (thermo_modify format, dump_modify format) work.
/// Text around the conversion is kept.
/// </summary>
public static class CFormat
{
    public static string Format(string fmt, double value, bool integer)
    {
        int p = fmt.IndexOf('%');
        while (p >= 0 && p + 1 < fmt.Length && fmt[p + 1] == '%') p = fmt.IndexOf('%', p + 2);
        if (p < 0) return fmt;
        int q = p + 1;
        string flags = "";
        while (q < fmt.Length && "-+ 0#".IndexOf(fmt[q]) >= 0) flags += fmt[q++];
        int width = 0;
        while (q < fmt.Length && char.IsDigit(fmt[q])) width = width * 10 + (fmt[q++] - '0');
        int prec = -1;
        if (q < fmt.Length && fmt[q] == '.')
        {
            q++;
            prec = 0;
            while (q < fmt.Length && char.IsDigit(fmt[q])) prec = prec * 10 + (fmt[q++] - '0');
        }
        while (q < fmt.Length && (fmt[q] == 'l' || fmt[q] == 'h')) q++;
        if (q >= fmt.Length) throw new Core.GarneticsException($"bad format string '{fmt}' (no conversion character)");
        char conv = fmt[q];
        string body = conv switch
        {
            'd' or 'i' or 'u' => FormatInt(value, flags),
            'f' or 'F' => FormatFixed(value, prec < 0 ? 6 : prec, flags),
            'e' or 'E' => FormatExp(value, prec < 0 ? 6 : prec, conv == 'E', flags),
            'g' or 'G' => FormatGeneral(value, prec < 0 ? 6 : prec, conv == 'G', flags),
            's' => value.ToString("R", CultureInfo.InvariantCulture),
            _ => throw new Core.GarneticsException($"unsupported conversion '%{conv}' in format '{fmt}'"),
        };
        body = Pad(body, width, flags);
        return fmt[..p].Replace("%%", "%") + body + fmt[(q + 1)..].Replace("%%", "%");
    }

    private static string Sign(double v, string flags, string s)
    {
        if (s.StartsWith('-')) return s;
        if (flags.Contains('+')) return "+" + s;
        if (flags.Contains(' ')) return " " + s;
        return s;
    }

    private static string FormatInt(double v, string flags) =>
        Sign(v, flags, ((long)Math.Round(v)).ToString(CultureInfo.InvariantCulture));

    private static string Special(double v) => double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";

    public static string FormatFixed(double v, int prec, string flags = "")
    {
        if (!double.IsFinite(v)) return Special(v);
        var s = v.ToString("F" + prec, CultureInfo.InvariantCulture);
        if (flags.Contains('#') && prec == 0) s += ".";
        return Sign(v, flags, FixNegZero(v, s));
    }

    private static string FixNegZero(double v, string s) =>
        (v < 0 || (v == 0 && double.IsNegative(v))) && !s.StartsWith('-') ? "-" + s : s;

    public static string FormatExp(double v, int prec, bool upper, string flags = "")
    {
        if (!double.IsFinite(v)) return Special(v);
        var s = v.ToString((upper ? "E" : "e") + prec, CultureInfo.InvariantCulture);
        // .NET writes e+006; C writes e+06
        int e = s.IndexOfAny(['e', 'E']);
        string mant = s[..e];
        string exp = s[(e + 1)..];
        char sign = exp[0];
        string digits = exp[1..].TrimStart('0');
        if (digits.Length < 2) digits = digits.PadLeft(2, '0');
        return Sign(v, flags, FixNegZero(v, mant + (upper ? "E" : "e") + sign + digits));
    }

    public static string FormatGeneral(double v, int prec, bool upper, string flags = "")
    {
        if (!double.IsFinite(v)) return Special(v);
        if (prec == 0) prec = 1;
        if (v == 0) return Sign(v, flags, double.IsNegative(v) ? "-0" : "0");
        // exponent X of the value when printed with prec significant digits in %e
        string es = v.ToString("E" + (prec - 1), CultureInfo.InvariantCulture);
        int x = int.Parse(es[(es.IndexOf('E') + 1)..], CultureInfo.InvariantCulture);
        string s;
        if (x < -4 || x >= prec) s = FormatExp(v, prec - 1, upper);
        else s = v.ToString("F" + (prec - 1 - x), CultureInfo.InvariantCulture);
        if (!flags.Contains('#'))
        {
            int ePos = s.IndexOfAny(['e', 'E']);
            string mant = ePos >= 0 ? s[..ePos] : s;
            string rest = ePos >= 0 ? s[ePos..] : "";
            if (mant.Contains('.')) mant = mant.TrimEnd('0').TrimEnd('.');
            s = mant + rest;
        }
        return Sign(v, flags, FixNegZero(v, s));
    }

    private static string Pad(string s, int width, string flags)
    {
        if (s.Length >= width) return s;
        if (flags.Contains('-')) return s.PadRight(width);
        if (flags.Contains('0') && !s.Contains("inf") && !s.Contains("nan"))
        {
            int signLen = s.Length > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ') ? 1 : 0;
            return s[..signLen] + new string('0', width - s.Length) + s[signLen..];
        }
        return s.PadLeft(width);
    }

    /// <summary>Format a double for round-trip output (data files, restart-like text): shortest exact representation.</summary>
    public static string RoundTrip(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
