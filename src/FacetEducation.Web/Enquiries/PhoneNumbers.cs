namespace FacetEducation.Web.Enquiries;

/// <summary>What counts as a phone number, for a visitor's enquiry and for the clinic's own number.</summary>
public static class PhoneNumbers
{
    public const int MaxLength = 30;

    /// <summary>UK and international numbers: digits with spaces, dashes, dots or brackets, an optional leading +, 7 to 15 digits.</summary>
    public static bool IsPhoneNumber(string value)
    {
        if (value.Length > MaxLength || value.LastIndexOf('+') > 0)
        {
            return false;
        }

        var digits = 0;
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                return false;
            }
        }

        return digits is >= 7 and <= 15;
    }
}
