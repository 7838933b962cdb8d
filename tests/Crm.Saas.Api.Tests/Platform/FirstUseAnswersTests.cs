using System.Collections.Concurrent;
using System.Net;
using Crm.Saas.Api.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Saas.Api.Tests.Platform;

/// <summary>The error answers a new user meets first: clear, consistent, and naming what to send instead.</summary>
public abstract class FirstUseAnswersTests(CrmApp app)
{
    [Fact]
    public async Task Problem_titles_are_in_sentence_case_including_the_frameworks_own()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var answers = new (HttpStatusCode Status, HttpResponseMessage Response)[]
        {
            (HttpStatusCode.NotFound, await api.GetAsync("/v1/no-such-thing")),
            (HttpStatusCode.NotFound, await api.GetAsync($"/v1/customers/{Guid.NewGuid()}")),
            (HttpStatusCode.NotFound, await api.GetAsync("/v1/customers/not-a-uuid")),
            (HttpStatusCode.MethodNotAllowed, await api.SendAsync(HttpMethod.Put, "/v1/customers", null)),
            (HttpStatusCode.UnsupportedMediaType, await api.PostRawAsync("/v1/customers", "name=Mei", "text/plain")),
            (HttpStatusCode.BadRequest, await api.PostRawAsync("/v1/customers", "{")),
            (HttpStatusCode.Unauthorized, await app.Anonymous().GetAsync("/v1/customers")),
        };

        foreach (var (status, response) in answers)
        {
            var title = (string)(await Expect.ProblemAsync(status, response))["title"]!;
            Assert.True(title.Length > 1 && char.IsUpper(title[0]) && !title[1..].Any(char.IsUpper), $"{(int)status}: '{title}' is not in sentence case");
        }
    }

    [Fact]
    public async Task A_malformed_id_on_every_guid_route_is_a_404_problem()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Any(IsGuid)).ToList();
        Assert.NotEmpty(routes);
        foreach (var route in routes)
        {
            var path = "/" + string.Join('/', route.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart parameter => IsGuid(parameter) ? "not-a-uuid" : "x",
                _ => "",
            }))));
            var method = route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
            using var response = await api.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            var problem = await Expect.ProblemAsync(HttpStatusCode.NotFound, response, "not-found");
            Assert.Contains("UUID", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        static bool IsGuid(RoutePatternParameterPart parameter) =>
            parameter.ParameterPolicies.Any(p => p.Content == "guid");
    }

    [Fact]
    public async Task A_415_names_the_content_types_the_endpoint_takes()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var create = await Expect.ProblemAsync(HttpStatusCode.UnsupportedMediaType, await api.PostRawAsync("/v1/customers", "name=Mei", "text/plain"), "unsupported-media-type");
        Assert.Contains("application/json", (string)create["detail"]!, StringComparison.Ordinal);
        Assert.Contains("text/plain", (string)create["detail"]!, StringComparison.Ordinal);

        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer())))["id"]!;
        var patch = await Expect.ProblemAsync(HttpStatusCode.UnsupportedMediaType, await api.PatchAsync($"/v1/customers/{id}", new { name = "X" }, "\"1\"", "text/plain"));
        Assert.Contains("application/merge-patch+json", (string)patch["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"kind":"person","name":"Mei" """, "$", "unexpected end of JSON")]
    [InlineData("""{"kind":"person","name":-}""", "$", "invalid number")]
    [InlineData("{\"kind\":\"person\",\n\"name\":\"Mei\",]", "$", "line 2")]
    [InlineData("""{"kind":"person","name":5}""", "name", "expected a string")]
    [InlineData("""{"kind":"alien","name":"Mei"}""", "kind", "Must be one of: person, organization")]
    [InlineData("""[]""", "$", "expected an object")]
    public async Task Malformed_json_names_the_position_and_the_problem(string body, string field, string words)
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var problem = await Expect.ValidationErrorAsync(await api.PostRawAsync("/v1/customers", body), field);
        var message = (string)problem["errors"]![field]![0]!;
        Assert.Contains(words, message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Crm.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_messages_name_the_json_field()
    {
        var api = (await app.Anonymous().SignUpAsync()).Client;
        var program = new { enabled = true, pointsPerUnit = 1, unitAmount = 100, rounding = "down", birthdayBonus = 0, validityMonths = 24, minimumRedemption = 1, tierBasis = "points", tiers = Array.Empty<object>() };
        var problem = await Expect.ValidationErrorAsync(
            await api.SendAsync(HttpMethod.Put, "/v1/loyalty/program", System.Net.Http.Json.JsonContent.Create(program, options: CrmClient.Json)), "firstPurchaseBonus");
        Assert.Equal("firstPurchaseBonus must not be empty.", (string)problem["errors"]!["firstPurchaseBonus"]![0]!);
    }

    [Fact]
    public async Task A_short_first_flow_logs_no_entity_framework_warnings()
    {
        var warnings = new ConcurrentQueue<string>();
        await using var fresh = app.Sibling(services: s => s.AddSingleton<ILoggerProvider>(new WarningRecorder(warnings)));
        await fresh.InitializeAsync();

        var api = (await fresh.Anonymous().SignUpAsync()).Client;
        var id = (string)(await Expect.JsonAsync(HttpStatusCode.Created, await api.PostAsync("/v1/customers", Customers.CustomersApiTests.NewCustomer())))["id"]!;
        await Expect.StatusAsync(HttpStatusCode.Created, await api.PostAsync($"/v1/customers/{id}/purchases", Purchases.PurchaseData.NewPurchase()));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{id}"));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.GetAsync("/v1/customers"));
        await Expect.StatusAsync(HttpStatusCode.OK, await api.GetAsync($"/v1/customers/{id}/purchases"));

        var fromEf = warnings.Where(w => w.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)).ToList();
        Assert.True(fromEf.Count == 0, string.Join("\n", fromEf));
    }

    private sealed class WarningRecorder(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, warnings);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            // Warnings only: a fresh PostgreSQL host logs the failed look-up of a not yet created migrations table as an error.
            public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    warnings.Enqueue($"{category}: {formatter(state, exception)}");
                }
            }
        }
    }
}

public sealed class FirstUseAnswersOnSqlite(SqliteApp app) : FirstUseAnswersTests(app), IClassFixture<SqliteApp>;

public sealed class FirstUseAnswersOnPostgres(PostgresApp app) : FirstUseAnswersTests(app), IClassFixture<PostgresApp>;
