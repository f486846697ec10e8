"""youtube"""
