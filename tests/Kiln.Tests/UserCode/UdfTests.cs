using System.Net.Sockets;
using Kiln.Common.Errors;
using Kiln.Common.Types;
using Kiln.Execution.UserCode;
using static Kiln.Functions;

namespace Kiln.Tests.UserCode;

/// <summary>UDFs from C# lambdas, evaluated on executors a batch at a time, from the DataFrame API and from SQL.</summary>
public sealed class UdfTests
{
    private static DataFrame People(KilnSession session) => session.CreateDataFrame(
        Schema.ParseDdl("id int, name string, score double, price decimal(10,2), born date"),
        [
            [1, "ann", 1.5, 10.25m, new DateOnly(1990, 1, 2)],
            [2, null, null, null, null],
            [3, "cy", -2.0, 3.10m, new DateOnly(2001, 12, 31)],
            [4, "dée", 4.0, 0.01m, new DateOnly(1970, 1, 1)],
        ]);

    [Theory]
    [MemberData(nameof(EngineConfig.All), MemberType = typeof(EngineConfig))]
    public void Lambdas_of_each_supported_type_compute_per_row(string config)
    {
        using var session = EngineConfig.Create(config);
        var factor = 3;
        var label = "#";
        var times = Udf((int x) => x * factor, "times");
        var tag = Udf((string s) => label + s.ToUpperInvariant());
        var half = Udf((double d) => d / 2);
        var cents = Udf((decimal p) => (long)(p * 100));
        var year = Udf((DateOnly d) => d.Year);
        var both = Udf((int i, string? s) => $"{i}:{s ?? "?"}");
        var four = Udf((int a, double b, decimal c, DateOnly d) => $"{a}/{b}/{c}/{d:yyyy}");

        var rows = People(session)
            .Select(times(Col("id")).Alias("t"), tag(Col("name")).Alias("g"), half(Col("score")).Alias("h"), cents(Col("price")).Alias("c"),
                year(Col("born")).Alias("y"), both(Col("id"), Col("name")).Alias("b"), four(Col("id"), Col("score"), Col("price"), Col("born")).Alias("f"))
            .OrderBy(Col("t"))
            .Collect();

        Assert.Equal(
            [
                "[3,#ANN,0.75,1025,1990,1:ann,1/1.5/10.25/1990]",
                "[6,null,null,null,null,2:?,null]",
                "[9,#CY,-1,310,2001,3:cy,3/-2/3.10/2001]",
                "[12,#DÉE,2,1,1970,4:dée,4/4/0.01/1970]",
            ],
            Rows.Of(rows));
    }

    [Fact]
    public void Nullable_parameters_receive_nulls_and_others_give_null()
    {
        using var session = KilnSession.Builder().Master("local[2]").GetOrCreate();
        var orDefault = Udf((double? d) => d ?? -1.0);
        var orNone = Udf((string? s) => s ?? "none");
        var length = Udf((string s) => s.Length);
        var rows = People(session).Where(Col("id") == 2).Select(orDefault(Col("score")), orNone(Col("name")), length(Col("name"))).Collect();
        Assert.Equal(["[-1,none,null]"], Rows.Of(rows));
        Assert.Equal(["udf(score)", "udf(name)", "udf(name)"], People(session).Select(orDefault(Col("score")), orNone(Col("name")), length(Col("name"))).Columns);
    }

    [Fact]
    public void Arguments_are_widened_and_wrong_types_fail_when_the_query_is_built()
    {
        using var session = KilnSession.Builder().Master("local[1]").GetOrCreate();
        var asLong = Udf((long x) => x + 1);
        var when = Udf((DateTime t) => t.Hour);
        Assert.Equal(["[2]", "[3]", "[4]", "[5]"], Rows.Sorted(People(session).Select(asLong(Col("id"))).Collect()));
        Assert.Equal("[0]", Rows.Text(People(session).Select(when(Col("born"))).First()!.Values));

        var shout = Udf((string s) => s + "!", "shout");
        var e = Assert.Throws<AnalysisException>(() => People(session).Select(shout(Col("id"))));
        Assert.Equal("argument 1 of 'shout(id)' must be string (the lambda takes string), but 'id' is int", e.Message);
    }

    [Fact]
    public void A_registered_function_is_callable_from_sql()
    {
        using var session = KilnSession.Builder().Master("local[2]").GetOrCreate();
        session.RegisterTempView("people", People(session));
        var suffix = "!";
        session.Udf.Register("shout", (string s) => s.ToUpperInvariant() + suffix);
        session.Udf.Register("clamp", (double v, double lo, double hi) => Math.Clamp(v, lo, hi));

        var rows = session.Sql("SELECT id, shout(name) AS s, clamp(score, 0, 2) AS c FROM people WHERE shout(name) <> 'CY!' ORDER BY id").Collect();

        Assert.Equal(["[1,ANN!,1.5]", "[4,DÉE!,2]"], Rows.Of(rows));
        Assert.Contains("shout", session.Udf.Names);
        Assert.True(session.Udf.Unregister("shout"));
        Assert.Throws<AnalysisException>(() => session.Sql("SELECT shout(name) FROM people"));
    }

    [Fact]
    public void An_exception_in_the_lambda_fails_the_job_with_the_input_and_the_users_exception()
    {
        using var session = KilnSession.Builder().Master("local[2]").Config("kiln.task.maxFailures", "2").GetOrCreate();
        var parse = Udf((string s) => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture), "parse");
        var e = Assert.Throws<ExecutionException>(() => People(session).Select(parse(Col("name"))).Collect());
        var user = Assert.IsType<UserCodeException>(e.InnerException);
        Assert.IsType<FormatException>(user.InnerException);
        Assert.Equal("udf 'parse'", user.Function);
        Assert.Equal("lambda in UdfTests.An_exception_in_the_lambda_fails_the_job_with_the_input_and_the_users_exception", user.Source);
        Assert.Contains("on input (\"", user.Message, StringComparison.Ordinal);
        Assert.Contains("failed 2 time(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capture_that_cannot_travel_is_refused_when_the_udf_is_made()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var e = Assert.Throws<ClosureNotSerializableException>(() => Udf((int x) => socket.Connected ? x : 0));
        Assert.Equal("socket", e.FieldPath);
        using var session = KilnSession.Builder().Master("local[1]").GetOrCreate();
        var df = People(session);
        var capturesFrame = Assert.Throws<ClosureNotSerializableException>(() => Udf((int x) => df.Columns.Count + x));
        Assert.Equal("Kiln.DataFrame", capturesFrame.FieldType);
        Assert.Contains("exist only on the driver", capturesFrame.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_parameter_types_are_refused()
    {
        var e = Assert.Throws<DatasetTypeException>(() => Udf((Guid g) => 1));
        Assert.Contains("parameter 1 of udf has type Guid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_udf_with_constant_arguments_runs_on_executors_not_at_planning()
    {
        using var session = KilnSession.Builder().Master("local[1]").GetOrCreate();
        var onDriver = Udf((int x) => TaskInfo.Current is null ? -1 : x);
        Assert.Equal("[7]", Rows.Text(session.Range(1).Select(onDriver(Lit(7))).First()!.Values));
        Assert.Contains("udf(7)", session.Range(1).Select(onDriver(Lit(7))).ExplainString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_decimal_result_type_is_used()
    {
        using var session = KilnSession.Builder().Master("local[1]").GetOrCreate();
        var tax = Udf((decimal p) => p * 0.2m, "tax", DataType.Decimal(12, 2));
        var df = People(session).Select(tax(Col("price")).Alias("tax"));
        Assert.Equal(DataType.Decimal(12, 2), df.Schema[0].Type);
        Assert.Equal(["[0.62]", "[0]", "[2.05]", "[null]"], Rows.Sorted(df.Collect()));
    }
}
