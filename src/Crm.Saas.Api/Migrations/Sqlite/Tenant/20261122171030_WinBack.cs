using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Saas.Api.Migrations.Sqlite.Tenant
{
    /// <inheritdoc />
    public partial class WinBack : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "win_back_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    selected = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_win_back_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "win_back_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lapse_days = table.Column<int>(type: "INTEGER", nullable: true),
                    cooldown_days = table.Column<int>(type: "INTEGER", nullable: false),
                    min_lifetime_spend = table.Column<long>(type: "INTEGER", nullable: true),
                    segments = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    max_per_run = table.Column<int>(type: "INTEGER", nullable: false),
                    offer_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    offer_points = table.Column<long>(type: "INTEGER", nullable: true),
                    conversion_window_days = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_win_back_settings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_win_back_runs_started_at",
                table: "win_back_runs",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "win_back_runs");

            migrationBuilder.DropTable(
                name: "win_back_settings");
        }
    }
}
