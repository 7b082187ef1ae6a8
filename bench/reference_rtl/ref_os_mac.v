// A plain hand-written output-stationary MAC array, the way a designer writes one by hand
// (and the way the TPE paper's authors did): the baseline bitloom's generated arrays are
// measured against in the same synthesis flow (bench/bench_reference.cpp).
//
// Each PE registers a and b and passes them on (a right, b down) and accumulates
// acc <= acc + a*b every cycle; `clear` restarts every accumulator. The host skews the
// inputs (row i of A i cycles late, column j of B j cycles late) and reads all R*C
// accumulators at once: there is no handshake, no tile overlap and no drain.
`default_nettype none
module ref_os_mac #(
  parameter integer ROWS = 8,
  parameter integer COLS = 8,
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 28
) (
  input  wire                          clk,
  input  wire                          clear,
  input  wire [ROWS*A_WIDTH-1:0]       a_in,
  input  wire [COLS*B_WIDTH-1:0]       b_in,
  output wire [ROWS*COLS*C_WIDTH-1:0]  c_out
);
  wire [ROWS*(COLS+1)*A_WIDTH-1:0] a_link;
  wire [(ROWS+1)*COLS*B_WIDTH-1:0] b_link;
  wire [ROWS*(COLS+1)-1:0]         clear_link;
  genvar i, j;
  generate
    for (i = 0; i < ROWS; i = i + 1) begin : row_in
      assign a_link[i*(COLS+1)*A_WIDTH +: A_WIDTH] = a_in[i*A_WIDTH +: A_WIDTH];
      assign clear_link[i*(COLS+1)] = clear;
    end
    for (j = 0; j < COLS; j = j + 1) begin : col_in
      assign b_link[j*B_WIDTH +: B_WIDTH] = b_in[j*B_WIDTH +: B_WIDTH];
    end
    for (i = 0; i < ROWS; i = i + 1) begin : row
      for (j = 0; j < COLS; j = j + 1) begin : col
        ref_mac_pe #(.A_WIDTH(A_WIDTH), .B_WIDTH(B_WIDTH), .C_WIDTH(C_WIDTH)) pe (
          .clk     (clk),
          .clear_i (clear_link[i*(COLS+1)+j]),
          .a_i     (a_link[(i*(COLS+1)+j)*A_WIDTH +: A_WIDTH]),
          .b_i     (b_link[(i*COLS+j)*B_WIDTH +: B_WIDTH]),
          .clear_o (clear_link[i*(COLS+1)+j+1]),
          .a_o     (a_link[(i*(COLS+1)+j+1)*A_WIDTH +: A_WIDTH]),
          .b_o     (b_link[((i+1)*COLS+j)*B_WIDTH +: B_WIDTH]),
          .acc_o   (c_out[(i*COLS+j)*C_WIDTH +: C_WIDTH])
        );
      end
    end
  endgenerate
endmodule

module ref_mac_pe #(
  parameter integer A_WIDTH = 8,
  parameter integer B_WIDTH = 8,
  parameter integer C_WIDTH = 28
) (
  input  wire                      clk,
  input  wire                      clear_i,
  input  wire signed [A_WIDTH-1:0] a_i,
  input  wire signed [B_WIDTH-1:0] b_i,
  output reg                       clear_o,
  output reg  signed [A_WIDTH-1:0] a_o,
  output reg  signed [B_WIDTH-1:0] b_o,
  output reg  signed [C_WIDTH-1:0] acc_o
);
  always @(posedge clk) begin
    a_o     <= a_i;
    b_o     <= b_i;
    clear_o <= clear_i;
    // Both arms signed: an unsigned zero here would make the whole sum unsigned and
    // zero-extend a and b (a signed multiply needs every operand signed).
    acc_o   <= (clear_i ? $signed({C_WIDTH{1'b0}}) : acc_o) + a_i * b_i;
  end
endmodule
