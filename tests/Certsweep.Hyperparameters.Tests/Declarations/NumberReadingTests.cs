using Certsweep.Hyperparameters.Declarations;
using Certsweep.Hyperparameters.Values;

namespace Certsweep.Hyperparameters.Tests.Declarations;

/// <summary>How every declared number reads what a file wrote: NaN and infinities nowhere, integers out of range (int32
/// included) refused with the declared limits named, fractions kept as written.</summary>
public sealed class NumberReadingTests
{
    public static TheoryData<string> NotFinite => ["nan", "NaN", ".nan", ".NaN", "inf", "-inf", ".inf", "-.Inf", "Infinity", "1e400", "-1e400"];

    [Theory]
    [MemberData(nameof(NotFinite))]
    public void No_real_parameter_reads_a_value_that_is_not_finite(string written)
    {
        foreach (var parameter in Parameters.All.OfType<RealParameter>())
        {
            Assert.Null(parameter.Read(new WrittenScalar(written, ScalarKind.Number)));
            Assert.Null(parameter.Read(new WrittenScalar(written, ScalarKind.String)));
        }
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("-2147483649")]
    [InlineData("1e10")]
    [InlineData("9223372036854775808")]
    [InlineData("1e300")]
    [InlineData("2.5")]
    public void No_integer_parameter_reads_a_number_out_of_its_range_and_its_message_names_the_limits(string written)
    {
        foreach (var parameter in Parameters.All.OfType<IntParameter>())
        {
            Assert.Null(parameter.Read(new WrittenScalar(written, ScalarKind.Number)));
            Assert.Contains(parameter.Max.ToString(System.Globalization.CultureInfo.InvariantCulture), parameter.Allowed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_fraction_keeps_what_was_written_and_reads_its_value()
    {
        var value = Parameters.Eps.Read(new WrittenScalar("8/255", ScalarKind.String))!;
        Assert.Equal("8/255", value.Written);
        Assert.Equal(8.0 / 255, value.Real);
        Assert.Null(Parameters.Eps.Read(new WrittenScalar("300/255", ScalarKind.String)));
        Assert.Null(Parameters.Eps.Read(new WrittenScalar("1/0", ScalarKind.String)));
    }
}
