"""facebook"""
