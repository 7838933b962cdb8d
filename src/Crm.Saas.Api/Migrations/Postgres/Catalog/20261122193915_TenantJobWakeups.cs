using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Postgres.Catalog
{
    /// <inheritdoc />
    public partial class TenantJobWakeups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tenant_job_wakeups",
                schema: "platform",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    job = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    marks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tenant_job_wakeups", x => new { x.tenant_id, x.job });
                    table.ForeignKey(
                        name: "fk_tenant_job_wakeups_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalSchema: "platform",
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tenant_job_wakeups_job_due_at",
                schema: "platform",
                table: "tenant_job_wakeups",
                columns: new[] { "job", "due_at" });

            // Tenants from before wake-ups may have mail queued or SLA clocks running: wake both jobs for each once.
            migrationBuilder.Sql(
                "INSERT INTO platform.tenant_job_wakeups (tenant_id, job, due_at, marks) "
                + "SELECT id, job, '2000-01-01 00:00:00', 1 FROM platform.tenants CROSS JOIN (SELECT 'mail-send' AS job UNION ALL SELECT 'complaint-sla') AS jobs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tenant_job_wakeups",
                schema: "platform");
        }
    }
}
