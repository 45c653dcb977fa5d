// Text forms of dates, times and numbers used on the wire and in SQLite.
#include <doctest/doctest.h>

#include <limits>

#include "testudo/db/value.hpp"
#include "testudo/errors.hpp"

using namespace testudo;
using namespace std::chrono;

TEST_CASE("datetimes format as UTC with microseconds and parse back") {
  datetime t = sys_days{year{2026} / 11 / 24} + hours{18} + minutes{5} + seconds{9} + microseconds{42};
  CHECK(format_datetime(t, true) == "2026-11-24 18:05:09.000042+00:00");
  CHECK(format_datetime(t, false) == "2026-11-24 18:05:09.000042");
  CHECK(parse_datetime("2026-11-24 18:05:09.000042+00:00") == t);
  CHECK(parse_datetime("2026-11-24T18:05:09.000042Z") == t);
  CHECK(parse_datetime("2026-11-24 20:05:09.000042+02") == t);
  CHECK(parse_datetime("2026-11-24 13:35:09.000042-04:30") == t);
  CHECK(parse_datetime("2026-11-24 18:05:09.0000429") == t);  // extra digits truncate
  CHECK(parse_datetime("2026-11-24") == sys_days{year{2026} / 11 / 24});
}

TEST_CASE("times and dates") {
  CHECK(format_time({hours{1} + seconds{2} + microseconds{3}}) == "01:00:02.000003");
  CHECK(parse_time("01:00:02.5").since_midnight == hours{1} + seconds{2} + milliseconds{500});
  CHECK(parse_time("23:59:59+05:30").since_midnight == hours{23} + minutes{59} + seconds{59});
  CHECK(format_date(year{1} / 1 / 1) == "0001-01-01");
  CHECK(parse_date("2024-02-29") == year{2024} / 2 / 29);
}

TEST_CASE("malformed temporal text is a params_error") {
  CHECK_THROWS_AS(parse_date("2023-02-29"), params_error);
  CHECK_THROWS_AS(parse_date("2023-2-1"), params_error);
  CHECK_THROWS_AS(parse_datetime("2023-01-01 25:00:00"), params_error);
  CHECK_THROWS_AS(parse_datetime("2023-01-01 10:00:00 UTC"), params_error);
  CHECK_THROWS_AS(parse_time("10:00:00."), params_error);
}

TEST_CASE("doubles print in their shortest exact form") {
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(1e300) == "1e+300");
  CHECK(std::stod(format_double(1.0 / 3)) == 1.0 / 3);
}

TEST_CASE("to_display renders each kind") {
  CHECK(to_display(value{null}) == "NULL");
  CHECK(to_display(value{std::string("x")}) == "'x'");
  CHECK(to_display(value{blob{1, 2, 3}}) == "<3 bytes>");
  CHECK(to_display(value{decimal{"1.50"}}) == "1.50");
}

TEST_CASE("decimals are exact numbers") {
  CHECK((decimal{"0.1"} + decimal{"0.2"}).text == "0.3");
  CHECK((decimal{"1.50"} * decimal{"2.00"}).text == "3.0000");
  CHECK((decimal{"1"} - decimal{"1.25"}).text == "-0.25");
  CHECK((-decimal{"0.00"}).text == "0.00");
  CHECK(decimal{"1.5"} == decimal{"1.50"});
  CHECK(decimal{"-2"} < decimal{"-1.99"});
  CHECK(decimal{"99999999999999999999999999999999999999"} > decimal{"0.1"});  // scaling up would overflow
  CHECK(decimal{"-99999999999999999999999999999999999999"} < decimal{"-0.1"});
  CHECK(decimal{"12345678901234567890.123456789012345678"} ==
        decimal{"12345678901234567890"} + decimal{"0.123456789012345678"});
  CHECK(decimal{std::int64_t{-9223372036854775807 - 1}}.text == "-9223372036854775808");
  CHECK(decimal{"0.10"}.to_double() == 0.1);
  CHECK(decimal{"2.675"}.quantize(2).text == "2.68");  // the text is exact: a true tie, to even
  CHECK(decimal{"2.665"}.quantize(2).text == "2.66");
  CHECK(decimal{"30864197253086444.6050000000000000"}.quantize(2).text == "30864197253086444.60");  // zeros after a tie
  CHECK(decimal{"-0.004"}.quantize(2).text == "0.00");
  CHECK(decimal{"999.995"}.to_string(2) == "1000.00");
  CHECK(decimal{"5"}.to_string(3) == "5.000");
  CHECK(decimal::from_double(0.1 + 0.2, 2).text == "0.30");
  CHECK(decimal::from_double(2.5, 0).text == "2");
  // An unset decimal (a member without initialiser) compares without throwing: equal only to itself.
  CHECK(decimal{} == decimal{});
  CHECK(decimal{} != decimal{"0"});
  CHECK(decimal{} < decimal{"-1"});
}

TEST_CASE("decimal overflow and malformed text raise instead of wrapping") {
  decimal widest{"99999999999999999999999999999999999999"};  // 38 nines
  CHECK_THROWS_AS(widest + decimal{1}, params_error);
  CHECK_THROWS_AS(widest * decimal{"1.0"}, params_error);
  CHECK_THROWS_AS(decimal{"10000000000000000000"} * decimal{"10000000000000000000"}, params_error);
  CHECK_THROWS_AS(decimal{"1e5"} + decimal{1}, params_error);
  CHECK_THROWS_AS(decimal{"abc"} == decimal{"1"}, params_error);
  CHECK_THROWS_AS(decimal{"1.2.3"}.to_double(), params_error);
  CHECK_THROWS_AS(decimal::from_double(std::numeric_limits<double>::quiet_NaN(), 2), params_error);
}
